package udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static udpchat.client.ClientFixture.SETTINGS;
import static udpchat.client.ClientFixture.T;
import static udpchat.client.ClientFixture.TOKEN;
import static udpchat.client.ClientFixture.X;
import static udpchat.client.ClientFixture.Y;
import static udpchat.client.ClientFixture.entry;
import static udpchat.client.ClientFixture.table;
import static udpchat.client.ClientFixture.xAndY;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import udpchat.protocol.ClientTable;
import udpchat.protocol.Packet;

class DirectMessageTest extends ClientActorTestKit {
  private static final String EXISTS = "[Client y exists!!]";

  @Test
  void aPeerThatAcksGetsTheMessageDirectly() {
    ClientFixture x = newClient().registered(xAndY());
    x.type("send y hi y  from x");
    Packet.DirectMessage message = x.transport.expectSent(Packet.DirectMessage.class, Y);
    assertEquals("x", message.nameFrom());
    assertEquals("hi y  from x", message.msg());

    x.transport.deliver(new Packet.Ack(message.id(), "y"), Y);
    x.console.expectLines(">>> [Message received by y.]");
    x.expectNothingSent(ClientFixture.ACK_TIMEOUT.multipliedBy(2));
  }

  @Test
  void anAckFromElsewhereDoesNotCount() {
    ClientFixture x = newClient().registered(xAndY());
    x.type("send y hi");
    Packet.DirectMessage message = x.transport.expectSent(Packet.DirectMessage.class, Y);
    x.fromServer(new Packet.Ack(message.id(), "server"));
    x.ackTimeoutPasses();
    x.console.expectLines(">>> [No ACK from y, message sent to server.]");
    x.sentToServer(Packet.ToOffline.class);
  }

  @Test
  void noAckHandsTheMessageToTheServerWithItsTime() {
    ClientFixture x = newClient().registered(xAndY());
    x.type("send y hi offline y");
    Packet.DirectMessage message = x.transport.expectSent(Packet.DirectMessage.class, Y);
    x.ackTimeoutPasses();
    x.console.expectLines(">>> [No ACK from y, message sent to server.]");

    Packet.ToOffline handed = x.sentToServer(Packet.ToOffline.class);
    // It names the msg tried first: y may have shown it with only the ACK lost.
    assertEquals(
        new Packet.ToOffline(handed.id(), "x", "y", T, "hi offline y", TOKEN, message.id()),
        handed);
    x.transport.deliver(new Packet.Ack(message.id(), "y"), Y); // too late: ignored
    x.ackFromServer(handed.id());
    x.console.expectLines(
        ">>> [Offline Message sent at " + T + " received by the server and saved.]");
    x.console.expectNoMoreLines();
  }

  @Test
  void aPeerTheTableShowsOfflineGoesStraightToTheServer() {
    ClientFixture x = newClient().registered(table(entry("x", X, true), entry("y", Y, false)));
    x.type("send y hi offline y");
    Packet.ToOffline handed = x.sentToServer(Packet.ToOffline.class);
    x.ackFromServer(handed.id());
    x.console.expectLines(
        ">>> [Offline Message sent at " + T + " received by the server and saved.]");
  }

  @Test
  void aNameNotInTheTableIsRefusedAtOnce() {
    ClientFixture x = newClient().registered(xAndY());
    x.type("send zed hello");
    x.console.expectLines(">>> [No client named zed.]");
    x.expectNothingSent(ClientFixture.ACK_TIMEOUT);
  }

  @Test
  void whenTheServerSaysThePeerExistsTheMessageGoesDirectlyOnceMore() {
    ClientFixture x = newClient().registered(xAndY());
    x.type("send y are you there");
    Packet.DirectMessage first = x.transport.expectSent(Packet.DirectMessage.class, Y);
    x.ackTimeoutPasses();
    x.console.expectLines(">>> [No ACK from y, message sent to server.]");
    Packet.ToOffline handed = x.sentToServer(Packet.ToOffline.class);

    // y moved to another port, as the server's table says: the client takes that table
    InetSocketAddress yNow = new InetSocketAddress("127.0.0.1", 1112);
    ClientTable serverTable = table(entry("x", X, true), entry("y", yNow, true));
    x.fromServer(new Packet.ErrorReply(handed.id(), EXISTS, serverTable));
    x.console.expectLines(">>> " + EXISTS);

    Packet.DirectMessage again = x.transport.expectSent(Packet.DirectMessage.class, yNow);
    assertEquals(first, again, "the same message, same id, so y shows it once");
    x.transport.deliver(new Packet.Ack(again.id(), "y"), yNow);
    x.console.expectLines(">>> [Message received by y.]");

    x.type("list");
    x.console.expectLines(">>> x 127.0.0.1:3333 online", ">>> y 127.0.0.1:1112 online");
  }

  @Test
  void aSecondExistsMeansNotDelivered() {
    ClientFixture x = newClient().registered(xAndY());
    x.type("send y are you there");
    x.transport.expectSent(Packet.DirectMessage.class, Y);
    x.ackTimeoutPasses();
    x.console.expectLines(">>> [No ACK from y, message sent to server.]");
    Packet.ToOffline firstHandOver = x.sentToServer(Packet.ToOffline.class);
    x.fromServer(new Packet.ErrorReply(firstHandOver.id(), EXISTS, xAndY()));
    x.console.expectLines(">>> " + EXISTS);

    x.transport.expectSent(Packet.DirectMessage.class, Y);
    x.ackTimeoutPasses();
    x.console.expectLines(">>> [No ACK from y, message sent to server.]");
    Packet.ToOffline secondHandOver = x.sentToServer(Packet.ToOffline.class);
    assertNotEquals(firstHandOver.id(), secondHandOver.id(), "a new hand-over, a new id");
    x.fromServer(new Packet.ErrorReply(secondHandOver.id(), EXISTS, xAndY()));
    x.console.expectLines(">>> [Message to y not delivered.]");

    x.type("send_all still here");
    x.sentToServer(Packet.GroupChat.class);
    x.console.expectNoMoreLines();
  }

  @Test
  void anotherRefusalOfTheHandOverEndsTheCommand() {
    ClientFixture x = newClient().registered(table(entry("x", X, true), entry("y", Y, false)));
    x.type("send y hi");
    Packet.ToOffline handed = x.sentToServer(Packet.ToOffline.class);
    x.fromServer(Packet.ErrorReply.of(handed.id(), "unknown recipient y"));
    x.console.expectLines(">>> [Server refused the request: unknown recipient y]");

    x.type("send_all next command runs");
    x.sentToServer(Packet.GroupChat.class);
  }

  @Test
  void aSilentServerForTheHandOverEndsTheClientAfterOneTryMore() {
    // The server may spend one timeout on a status check, ignoring the repeats meanwhile.
    ClientFixture x = newClient().registered(table(entry("x", X, true), entry("y", Y, false)));
    x.type("send y hi");
    x.expectServerNotResponding(Packet.ToOffline.class, SETTINGS.requestAttempts() + 1);
  }
}
