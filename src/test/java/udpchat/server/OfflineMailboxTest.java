package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import udpchat.protocol.StoredMessage;

class OfflineMailboxTest {
  private final OfflineMailbox mailbox = new OfflineMailbox();
  private final StoredMessage first = StoredMessage.direct("y", "23:32:21", "hi offline x");
  private final StoredMessage second = StoredMessage.group("z", "23:32:30", "hi all");
  private final StoredMessage later = StoredMessage.receipt("w", "23:32:40");

  @Test
  void keepsMessagesPerClientOldestFirst() {
    mailbox.store("x", first);
    mailbox.store("x", second);
    mailbox.store("y", later);
    assertEquals(List.of(first, second), mailbox.messagesFor("x"));
    assertEquals(List.of(later), mailbox.messagesFor("y"));
    assertEquals(List.of(), mailbox.messagesFor("nobody"));
  }

  @Test
  void removesOnlyWhatWasDeliveredAndKeepsWhatArrivedMeanwhile() {
    mailbox.store("x", first);
    mailbox.store("x", second);
    List<StoredMessage> delivered = mailbox.messagesFor("x");
    mailbox.store("x", later);
    mailbox.removeDelivered("x", delivered);
    assertEquals(List.of(later), mailbox.messagesFor("x"));
    mailbox.removeDelivered("x", List.of(later));
    assertEquals(List.of(), mailbox.messagesFor("x"));
  }
}
