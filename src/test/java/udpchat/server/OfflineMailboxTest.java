package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import udpchat.protocol.StoredMessage;

class OfflineMailboxTest {
  private final OfflineMailbox mailbox = new OfflineMailbox(3);
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

  @Test
  void refusesToStoreBeyondItsCapacityPerClient() {
    assertTrue(mailbox.store("x", first));
    assertTrue(mailbox.store("x", second));
    assertTrue(mailbox.store("x", later));
    assertTrue(mailbox.isFull("x"));
    assertFalse(mailbox.store("x", StoredMessage.direct("y", "23:33:00", "one too many")));
    assertEquals(List.of(first, second, later), mailbox.messagesFor("x"));
    assertTrue(mailbox.store("y", first), "another client's mailbox is not affected");

    mailbox.removeDelivered("x", List.of(first));
    assertFalse(mailbox.isFull("x"));
  }
}
