package udpchat.client;

import static udpchat.client.ClientFixture.SERVER;
import static udpchat.client.ClientFixture.TOKEN;
import static udpchat.client.ClientFixture.Y;
import static udpchat.client.ClientFixture.xAndY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import udpchat.protocol.Packet;
import udpchat.protocol.StoredMessage;
import udpchat.transport.Transport;

/**
 * A message shown live whose ACK was lost is kept by the server and comes back in the mailbox,
 * marked with the id of the packet that showed it: it is not shown a second time. Nor is an entry
 * shown from a mailbox whose ACKs were all lost, when the server offers it again.
 */
class ShownOnceTest extends ClientActorTestKit {

  @Test
  void aDirectMessageShownLiveIsSkippedInTheMailbox() {
    ClientFixture x = newClient().registered(xAndY());
    x.transport.deliver(new Packet.DirectMessage(77, "y", "hi x"), Y);
    x.console.expectLines(">>> y: hi x");
    expectAck(x, 77, Y);

    x.fromServer(
        Packet.OfflineMessages.first(
            500,
            List.of(
                StoredMessage.direct("y", "23:30:00", "hi x").shownAs(77),
                StoredMessage.direct("y", "23:30:05", "and this one?").shownAs(78)),
            TOKEN));
    x.console.expectLines(">>> [You have offline messages:]", ">>> y: 23:30:05 and this one?");
    expectAck(x, 500, SERVER);
    x.console.expectNoMoreLines();
  }

  @Test
  void aGroupMessageShownLiveIsSkippedAndAMailboxOfRepeatsPrintsNothing() {
    ClientFixture x = newClient().registered(xAndY());
    x.fromServer(new Packet.GroupChat(88, "y", "yoyoyo", TOKEN));
    x.console.expectLines(">>> Group Chat y:  yoyoyo");
    expectAck(x, 88, SERVER);
    x.fromServer(new Packet.Receipt(89, "y", "23:29:00", TOKEN));
    x.console.expectLines(">>>  [Offline Message sent at 23:29:00 received by y.]");
    expectAck(x, 89, SERVER);

    x.fromServer(
        Packet.OfflineMessages.first(
            501,
            List.of(
                StoredMessage.group("y", "23:30:00", "yoyoyo").shownAs(88),
                StoredMessage.receipt("y", "23:29:00").shownAs(89)),
            TOKEN));
    expectAck(x, 501, SERVER);
    x.console.expectNoMoreLines();
  }

  @Test
  void aMessageShownFromTheMailboxIsNotShownAgainWhenALateCopyArrives() {
    ClientFixture x = newClient().registered(xAndY());
    x.fromServer(
        Packet.OfflineMessages.first(
            502, List.of(StoredMessage.direct("y", "23:30:00", "hi x").shownAs(77)), TOKEN));
    x.console.expectLines(">>> [You have offline messages:]", ">>> y: 23:30:00 hi x");
    expectAck(x, 502, SERVER);

    x.transport.deliver(new Packet.DirectMessage(77, "y", "hi x"), Y);
    expectAck(x, 77, Y);
    x.console.expectNoMoreLines();
  }

  @Test
  void aMailboxOfferedAgainInANewPacketShowsNothingTwice() {
    ClientFixture x = newClient().registered(xAndY());
    List<StoredMessage> mailbox =
        List.of(
            StoredMessage.group("y", "23:30:00", "stored while x was away").shownAs(4001),
            StoredMessage.direct("y", "23:30:05", "straight to the server").shownAs(61),
            StoredMessage.receipt("y", "23:29:00").shownAs(4002));
    x.fromServer(Packet.OfflineMessages.first(503, mailbox, TOKEN));
    x.console.expectLines(
        ">>> [You have offline messages:]",
        ">>> Group Chat y: 23:30:00 stored while x was away",
        ">>> y: 23:30:05 straight to the server",
        ">>>  [Offline Message sent at 23:29:00 received by y.]");
    expectAck(x, 503, SERVER);

    // Every ACK of that offer was lost: the server kept the mailbox and offers it again later.
    x.fromServer(Packet.OfflineMessages.first(504, mailbox, TOKEN));
    expectAck(x, 504, SERVER);
    x.console.expectNoMoreLines();
  }

  @Test
  void theHeaderComesBeforeTheFirstEntryShownAlsoInALaterPart() {
    ClientFixture x = newClient().registered(xAndY());
    x.transport.deliver(new Packet.DirectMessage(77, "y", "hi x"), Y);
    x.console.expectLines(">>> y: hi x");
    expectAck(x, 77, Y);

    x.fromServer(
        Packet.OfflineMessages.first(
            503, List.of(StoredMessage.direct("y", "23:30:00", "hi x").shownAs(77)), TOKEN));
    expectAck(x, 503, SERVER);
    x.fromServer(
        new Packet.OfflineMessages(
            504, List.of(StoredMessage.direct("y", "23:30:09", "part two")), true, TOKEN));
    x.console.expectLines(">>> [You have offline messages:]", ">>> y: 23:30:09 part two");
    expectAck(x, 504, SERVER);
    x.console.expectNoMoreLines();
  }

  private static void expectAck(ClientFixture x, long id, InetSocketAddress to) {
    Transport.Send send = x.transport.expectSend(Packet.Ack.class);
    assertEquals(to, send.to());
    assertEquals(id, ((Packet.Ack) send.packet()).id());
  }
}
