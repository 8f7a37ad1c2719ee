package udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static udpchat.client.ClientFixture.ACK_TIMEOUT;
import static udpchat.client.ClientFixture.T;
import static udpchat.client.ClientFixture.TOKEN;
import static udpchat.client.ClientFixture.X;
import static udpchat.client.ClientFixture.Y;
import static udpchat.client.ClientFixture.entry;
import static udpchat.client.ClientFixture.table;
import static udpchat.client.ClientFixture.xAndY;

import java.util.List;
import org.junit.jupiter.api.Test;
import udpchat.protocol.Packet;
import udpchat.protocol.StoredMessage;

/**
 * Limits and untrusted text on the client (issue 5.2, 5.3): long messages, a full mailbox, a
 * mailbox in parts, repeats, and what a message may not do to the terminal.
 */
class ClientLimitsTest extends ClientActorTestKit {
  private static final int LIMIT = ClientFixture.SETTINGS.limits().maxMessageChars();

  @Test
  void aMessageOverTheLimitIsRefusedAtThePromptAndNothingIsSent() {
    ClientFixture x = newClient().registered(xAndY());
    x.type("send y " + "a".repeat(LIMIT + 200));
    x.type("send_all " + "☃".repeat(LIMIT + 1));
    x.console.expectLines(
        ">>> [Message too long: " + (LIMIT + 200) + " characters, the limit is " + LIMIT + ".]",
        ">>> [Message too long: " + (LIMIT + 1) + " characters, the limit is " + LIMIT + ".]");
    x.expectNothingSent(ACK_TIMEOUT);

    x.type("send_all " + "☃".repeat(LIMIT));
    assertEquals(LIMIT, x.sentToServer(Packet.GroupChat.class).message().length());
  }

  @Test
  void aFullMailboxIsSaidPlainlyAndTheNextCommandRuns() {
    ClientFixture x = newClient().registered(table(entry("x", X, true), entry("y", Y, false)));
    x.type("send y are you there");
    x.type("send_all next");
    Packet.ToOffline handed = x.sentToServer(Packet.ToOffline.class);
    x.fromServer(Packet.ErrorReply.of(handed.id(), "[Mailbox of y is full.]"));
    x.console.expectLines(">>> [Message to y not saved: mailbox full.]");
    x.sentToServer(Packet.GroupChat.class);
  }

  @Test
  void aMailboxInPartsHasOneHeaderAndARepeatedPartIsShownOnce() {
    ClientFixture x = newClient().offline();
    x.type("reg");
    x.console.expectLines(">>> [RegSent]");
    x.ackFromServer(x.sentToServer(Packet.Reg.class).id());
    Packet.OfflineMessages first =
        Packet.OfflineMessages.first(
            900, List.of(StoredMessage.direct("y", "23:00:01", "one")), TOKEN);
    Packet.OfflineMessages second =
        new Packet.OfflineMessages(
            901, List.of(StoredMessage.group("y", "23:00:02", "two")), true, TOKEN);
    x.fromServer(first);
    x.fromServer(first); // its ACK was lost
    x.fromServer(second);
    x.fromServer(second);
    x.console.expectLines(
        ">>> [You have offline messages:]", ">>> y: 23:00:01 one", ">>> Group Chat y: 23:00:02 two");
    for (long id : new long[] {900, 900, 901, 901}) {
      assertEquals(new Packet.Ack(id, "x", TOKEN), x.sentToServer(Packet.Ack.class));
    }
    x.console.expectNoMoreLines();
  }

  @Test
  void aRepeatedReceiptIsShownOnce() {
    ClientFixture x = newClient().registered(xAndY());
    Packet.Receipt receipt = new Packet.Receipt(910, "y", T, TOKEN);
    x.fromServer(receipt);
    x.fromServer(receipt);
    x.console.expectLines(">>>  [Offline Message sent at " + T + " received by y.]");
    x.sentToServer(Packet.Ack.class);
    x.sentToServer(Packet.Ack.class);
    x.console.expectNoMoreLines();
  }

  @Test
  void controlCharactersInAMessageCannotMoveTheCursorOrFakeALine() {
    ClientFixture x = newClient().registered(xAndY());
    x.transport.deliver(
        new Packet.DirectMessage(920, "y", "hi\n>>> [Client table updated.]\u001b[2J\ttab"), Y);
    x.console.expectLines(">>> y: hi\uFFFD>>> [Client table updated.]\uFFFD[2J\ttab");
    x.fromServer(new Packet.GroupChat(921, "y", "\u202Egnp.exe", TOKEN));
    x.console.expectLines(">>> Group Chat y:  \uFFFDgnp.exe");
  }
}
