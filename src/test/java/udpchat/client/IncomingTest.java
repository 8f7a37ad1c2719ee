package udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static udpchat.client.ClientFixture.ACK_TIMEOUT;
import static udpchat.client.ClientFixture.SERVER;
import static udpchat.client.ClientFixture.TOKEN;
import static udpchat.client.ClientFixture.X;
import static udpchat.client.ClientFixture.Y;
import static udpchat.client.ClientFixture.entry;
import static udpchat.client.ClientFixture.table;
import static udpchat.client.ClientFixture.xAndY;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import udpchat.protocol.Packet;
import udpchat.transport.Transport;

class IncomingTest extends ClientActorTestKit {

  @Test
  void aDirectMessageIsShownOnceAndAckedEveryTime() {
    ClientFixture x = newClient().registered(xAndY());
    Packet.DirectMessage message = new Packet.DirectMessage(77, "y", "hi x from y");
    x.transport.deliver(message, Y);
    x.console.expectLines(">>> y: hi x from y");
    expectAck(x, 77, Y);

    x.transport.deliver(message, Y);
    expectAck(x, 77, Y);
    x.console.expectNoMoreLines();
  }

  @Test
  void aGroupMessageIsShownOnceAndAckedEveryTime() {
    ClientFixture x = newClient().registered(xAndY());
    Packet.GroupChat message = new Packet.GroupChat(88, "y", "yoyoyo everyone", TOKEN);
    x.fromServer(message);
    x.console.expectLines(">>> Group Chat y:  yoyoyo everyone");
    expectAck(x, 88, SERVER);

    x.fromServer(message);
    expectAck(x, 88, SERVER);
    x.console.expectNoMoreLines();
  }

  @Test
  void aReceiptIsShownOnceWithItsLeadingSpace() {
    ClientFixture x = newClient().registered(xAndY());
    Packet.Receipt receipt = new Packet.Receipt(99, "y", "23:11:32", TOKEN);
    x.fromServer(receipt);
    x.console.expectLines(">>>  [Offline Message sent at 23:11:32 received by y.]");
    expectAck(x, 99, SERVER);

    x.fromServer(receipt);
    expectAck(x, 99, SERVER);
    x.console.expectNoMoreLines();
  }

  @Test
  void aStatusCheckIsConfirmed() {
    ClientFixture x = newClient().registered(xAndY());
    x.fromServer(new Packet.StatusCheck(55, TOKEN));
    x.transport.expectSent(Packet.StatusConfirm.class, SERVER);
    x.console.expectNoMoreLines();
  }

  @Test
  void aTableUpdateReplacesTheTableSilently() {
    ClientFixture x = newClient().registered(xAndY());
    InetSocketAddress z = new InetSocketAddress("127.0.0.1", 1122);
    x.fromServer(
        new Packet.TableUpdate(
            table(entry("x", X, true), entry("y", Y, false), entry("z", z, true)), TOKEN));
    x.type("list");
    x.console.expectLines(
        ">>> x 127.0.0.1:3333 online",
        ">>> y 127.0.0.1:1111 offline",
        ">>> z 127.0.0.1:1122 online");
  }

  @Test
  void serverTrafficFromAnyOtherAddressIsDropped() {
    ClientFixture x = newClient().registered(xAndY());
    x.transport.deliver(new Packet.GroupChat(88, "y", "fake group", TOKEN), Y);
    x.transport.deliver(new Packet.Receipt(89, "y", "23:11:32", TOKEN), Y);
    x.transport.deliver(new Packet.StatusCheck(90, TOKEN), Y);
    x.transport.deliver(new Packet.TableUpdate(table(entry("x", X, true)), TOKEN), Y);
    x.expectNothingSent(ACK_TIMEOUT);
    x.type("list");
    x.console.expectLines(">>> x 127.0.0.1:3333 online", ">>> y 127.0.0.1:1111 online");
    x.console.expectNoMoreLines();
  }

  @Test
  void aDirectMessageFromAnAddressTheTableDoesNotListForItsSenderIsDropped() {
    ClientFixture x = newClient().registered(xAndY());
    x.transport.deliver(
        new Packet.DirectMessage(77, "y", "I am y, honest"),
        new InetSocketAddress("127.0.0.1", 9999));
    x.expectNothingSent(ACK_TIMEOUT);
    x.console.expectNoMoreLines();
  }

  @Test
  void unreadableDatagramsAndStrayPacketsGetNoAnswer() {
    ClientFixture x = newClient().registered(xAndY());
    x.transport.owner().tell(new Transport.Rejected(Y, "not JSON"));
    x.transport.deliver(new Packet.Ack(12345, "y"), Y);
    x.fromServer(new Packet.Dereg(12, "y", null));
    x.expectNothingSent(ACK_TIMEOUT);
    x.console.expectNoMoreLines();
  }

  @Test
  void messagesArrivingWhileACommandWaitsAreShownAtOnce() {
    ClientFixture x = newClient().registered(xAndY());
    x.type("send_all anyone?");
    Packet.GroupChat group = x.sentToServer(Packet.GroupChat.class);
    x.transport.deliver(new Packet.DirectMessage(77, "y", "me"), Y);
    x.console.expectLines(">>> y: me");
    expectAck(x, 77, Y);
    x.ackFromServer(group.id());
    x.console.expectLines(">>> [Group Message received by Server.]");
  }

  @Test
  void offlineTheClientIgnoresChatAndStatusChecksButAppliesTableUpdates() {
    ClientFixture x = newClient().offline();
    x.transport.deliver(new Packet.DirectMessage(77, "y", "hello?"), Y);
    x.fromServer(new Packet.GroupChat(88, "y", "group", TOKEN));
    x.fromServer(new Packet.Receipt(89, "y", "23:11:32", TOKEN));
    x.fromServer(new Packet.StatusCheck(90, TOKEN));
    x.expectNothingSent(ACK_TIMEOUT);
    x.console.expectNoMoreLines();

    x.fromServer(new Packet.TableUpdate(table(entry("x", X, false), entry("y", Y, true)), TOKEN));
    x.type("list");
    x.console.expectLines(">>> x 127.0.0.1:3333 offline", ">>> y 127.0.0.1:1111 online");
  }

  private static void expectAck(ClientFixture x, long id, InetSocketAddress to) {
    Packet.Ack ack = x.transport.expectSent(Packet.Ack.class, to);
    assertEquals(new Packet.Ack(id, "x", to.equals(SERVER) ? TOKEN : null), ack);
  }
}
