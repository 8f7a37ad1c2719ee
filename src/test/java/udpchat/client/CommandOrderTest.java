package udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static udpchat.client.ClientFixture.ACK_TIMEOUT;
import static udpchat.client.ClientFixture.TOKEN;
import static udpchat.client.ClientFixture.Y;
import static udpchat.client.ClientFixture.xAndY;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import udpchat.NodeExit;
import udpchat.protocol.Packet;

/** Commands run one at a time in the order typed; quit and end of input. */
class CommandOrderTest extends ClientActorTestKit {

  @Test
  void commandsTypedWhileOneWaitsRunAfterItInOrder() {
    ClientFixture x = newClient().registered(xAndY());
    x.type("send_all one");
    Packet.GroupChat one = x.sentToServer(Packet.GroupChat.class);
    x.type("list");
    x.type("send y two");
    x.type("send_all three");
    x.expectNothingSent(ACK_TIMEOUT.dividedBy(2));
    x.console.expectNoMoreLines();

    x.ackFromServer(one.id());
    x.console.expectLines(
        ">>> [Group Message received by Server.]",
        ">>> x 127.0.0.1:3333 online",
        ">>> y 127.0.0.1:1111 online");
    Packet.DirectMessage two = x.transport.expectSent(Packet.DirectMessage.class, Y);
    assertEquals("two", two.msg());
    x.expectNothingSent(ACK_TIMEOUT.dividedBy(2));

    x.transport.deliver(new Packet.Ack(two.id(), "y"), Y);
    x.console.expectLines(">>> [Message received by y.]");
    Packet.GroupChat three = x.sentToServer(Packet.GroupChat.class);
    assertEquals("three", three.message());
    x.ackFromServer(three.id());
    x.console.expectLines(">>> [Group Message received by Server.]");
  }

  @Test
  void quitOnlineDeregistersThenExitsZero() {
    ClientFixture x = newClient().registered(xAndY());
    x.type("quit");
    x.ackFromServer(x.sentToServer(Packet.Dereg.class).id());
    x.console.expectLines(">>> [You are Offline. Bye.]");
    x.expectExit(NodeExit.ok());
  }

  @Test
  void quitOfflineExitsAtOnce() {
    ClientFixture x = newClient().offline();
    x.type("quit");
    x.expectExit(NodeExit.ok());
    x.expectNothingSent(ACK_TIMEOUT);
    x.console.expectNoMoreLines();
  }

  @Test
  void quitWithASilentServerEndsWithStatusOne() {
    ClientFixture x = newClient().registered(xAndY());
    x.type("quit");
    x.expectServerNotResponding(Packet.Dereg.class);
  }

  @Test
  void quitTypedWhileACommandWaitsWaitsItsTurn() {
    ClientFixture x = newClient().registered(xAndY());
    x.type("send_all last words");
    Packet.GroupChat group = x.sentToServer(Packet.GroupChat.class);
    x.type("quit");
    x.expectNothingSent(ACK_TIMEOUT.dividedBy(2));
    x.exits.expectNoMessage();

    x.ackFromServer(group.id());
    x.console.expectLines(">>> [Group Message received by Server.]");
    x.ackFromServer(x.sentToServer(Packet.Dereg.class).id());
    x.console.expectLines(">>> [You are Offline. Bye.]");
    x.expectExit(NodeExit.ok());
  }

  @Test
  void endOfInputOnlineIsQuit() {
    ClientFixture x = newClient().registered(xAndY());
    x.client.tell(new ClientActor.EndOfInput());
    x.ackFromServer(x.sentToServer(Packet.Dereg.class).id());
    x.console.expectLines(">>> [You are Offline. Bye.]");
    x.expectExit(NodeExit.ok());
  }

  @Test
  void endOfInputOfflineExitsAtOnce() {
    ClientFixture x = newClient().offline();
    x.client.tell(new ClientActor.EndOfInput());
    x.expectExit(NodeExit.ok());
    x.expectNothingSent(ACK_TIMEOUT);
  }

  @Test
  void endOfInputWhileRegisteringWaitsForTheWelcome() {
    ClientFixture x = newClient();
    x.client.tell(new ClientActor.EndOfInput());
    Packet.Freg freg = x.bind();
    x.fromServer(new Packet.ConfReg(freg.id(), xAndY(), TOKEN));
    x.console.expectLines(">>> [Welcome, You are registered.]");
    x.ackFromServer(x.sentToServer(Packet.Dereg.class).id());
    x.console.expectLines(">>> [You are Offline. Bye.]");
    x.expectExit(NodeExit.ok());
  }

  @Test
  void ctrlCWhileACommandWaitsLeavesAtOnce() {
    ClientFixture x = newClient().registered(xAndY());
    x.type("send_all hello");
    x.sentToServer(Packet.GroupChat.class);
    x.type("send_all never sent");
    x.client.tell(new ClientActor.SilentLeave());
    x.expectExit(new NodeExit(130, Optional.empty()));
    x.expectNothingSent(ACK_TIMEOUT.multipliedBy(6));
  }
}
