package udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static udpchat.client.ClientFixture.ACK_TIMEOUT;
import static udpchat.client.ClientFixture.TOKEN;
import static udpchat.client.ClientFixture.X;
import static udpchat.client.ClientFixture.Y;
import static udpchat.client.ClientFixture.entry;
import static udpchat.client.ClientFixture.table;
import static udpchat.client.ClientFixture.xAndY;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import udpchat.protocol.Packet;
import udpchat.protocol.StoredMessage;

/** Sessions on the client (issue 5.1): what it sends carries its token; what it accepts. */
class ClientSessionTest extends ClientActorTestKit {
  private static final String OTHER_TOKEN = "another-session-012345";

  @Test
  void everyRequestToTheServerCarriesTheSessionToken() {
    ClientFixture x = newClient().registered(table(entry("x", X, true), entry("y", Y, false)));
    x.type("send_all hi");
    Packet.GroupChat group = x.sentToServer(Packet.GroupChat.class);
    assertEquals(TOKEN, group.token());
    x.ackFromServer(group.id());
    x.type("send y later");
    Packet.ToOffline handed = x.sentToServer(Packet.ToOffline.class);
    assertEquals(TOKEN, handed.token());
    x.ackFromServer(handed.id());
    x.type("dereg");
    Packet.Dereg dereg = x.sentToServer(Packet.Dereg.class);
    assertEquals(TOKEN, dereg.token());
    x.ackFromServer(dereg.id());
    x.type("reg");
    assertEquals(TOKEN, x.sentToServer(Packet.Reg.class).token());
  }

  @Test
  void answersToTheServerCarryTheTokenButNotToAPeer() {
    ClientFixture x = newClient().registered(xAndY());
    x.fromServer(new Packet.StatusCheck(55, TOKEN));
    assertEquals(new Packet.StatusConfirm(55, "x", TOKEN), x.sentToServer(Packet.StatusConfirm.class));
    x.fromServer(new Packet.GroupChat(56, "y", "all", TOKEN));
    x.console.expectLines(">>> Group Chat y:  all");
    assertEquals(new Packet.Ack(56, "x", TOKEN), x.sentToServer(Packet.Ack.class));
    x.transport.deliver(new Packet.DirectMessage(57, "y", "just you"), Y);
    x.console.expectLines(">>> y: just you");
    assertEquals(new Packet.Ack(57, "x"), x.transport.expectSent(Packet.Ack.class, Y));
  }

  @Test
  void packetsFromTheServersAddressWithoutThisSessionsTokenAreDropped() {
    ClientFixture x = newClient().registered(xAndY());
    for (String token : new String[] {null, OTHER_TOKEN}) {
      x.fromServer(new Packet.GroupChat(60, "y", "fake group", token));
      x.fromServer(new Packet.Receipt(61, "y", "23:11:32", token));
      x.fromServer(new Packet.StatusCheck(62, token));
      x.fromServer(
          Packet.OfflineMessages.first(
              63, List.of(StoredMessage.direct("y", "23:00:00", "fake")), token));
      x.fromServer(new Packet.TableUpdate(table(entry("x", X, true)), token));
    }
    x.expectNothingSent(ACK_TIMEOUT);
    x.console.expectNoMoreLines();
    x.type("list");
    x.console.expectLines(">>> x 127.0.0.1:3333 online", ">>> y 127.0.0.1:1111 online");

    // the same packets with the token count
    x.fromServer(new Packet.GroupChat(60, "y", "real group", TOKEN));
    x.console.expectLines(">>> Group Chat y:  real group");
  }

  @Test
  void aDirectMessageFromASenderTheTableDoesNotListIsDropped() {
    ClientFixture x = newClient().registered(xAndY());
    InetSocketAddress z = new InetSocketAddress("127.0.0.1", 1122);
    x.transport.deliver(new Packet.DirectMessage(70, "z", "hi, I am new"), z);
    x.expectNothingSent(ACK_TIMEOUT);
    x.console.expectNoMoreLines();

    // once the table lists z there, its message is shown (the same id: not a repeat)
    x.fromServer(
        new Packet.TableUpdate(
            table(entry("x", X, true), entry("y", Y, true), entry("z", z, true)), TOKEN));
    x.transport.deliver(new Packet.DirectMessage(70, "z", "hi, I am new"), z);
    x.console.expectLines(">>> z: hi, I am new");
    x.transport.expectSent(Packet.Ack.class, z);
  }

  @Test
  void aRestartRegistrationTakesTheNewToken() {
    ClientFixture x = newClient();
    Packet.Freg freg = x.bind();
    x.fromServer(new Packet.ConfReg(freg.id(), xAndY(), OTHER_TOKEN));
    x.console.expectLines(">>> [Welcome, You are registered.]");
    x.fromServer(Packet.OfflineMessages.first(80, List.of(), TOKEN)); // not this session's
    x.fromServer(Packet.OfflineMessages.first(81, List.of(), OTHER_TOKEN));
    assertEquals(new Packet.Ack(81, "x", OTHER_TOKEN), x.sentToServer(Packet.Ack.class));
    x.type("send_all hi");
    assertEquals(OTHER_TOKEN, x.sentToServer(Packet.GroupChat.class).token());
  }
}
