package udpchat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import udpchat.client.ClientActor;
import udpchat.config.ChatSettings;
import udpchat.server.RegistryActor;
import udpchat.testing.BufferConsole;
import udpchat.testing.UdpNodes;
import udpchat.transport.UdpTransport;

/** A server and two clients on 127.0.0.1 over real UDP sockets, in real time. */
class EndToEndUdpTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final ChatSettings SETTINGS = ChatSettings.defaults();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void twoClientsExchangeADirectAndAGroupMessageThroughARealServer() throws Exception {
    int serverPort = UdpNodes.freeUdpPort();
    int xPort = UdpNodes.freeUdpPort();
    int yPort = UdpNodes.freeUdpPort();
    TestProbe<NodeExit> exits = testKit.createTestProbe(NodeExit.class);

    BufferConsole server = new BufferConsole();
    testKit.spawn(
        RegistryActor.create(
            serverPort, SETTINGS, server, Clock.systemDefaultZone(),
            UdpTransport.factory(SETTINGS), exits.ref()::tell),
        "server");
    server.expectLines(">>> [Server listening on port " + serverPort + ".]");

    BufferConsole x = new BufferConsole();
    ActorRef<ClientActor.Command> xClient = startClient("x", xPort, serverPort, x, exits);
    x.expectLines(">>> [Welcome, You are registered.]");
    BufferConsole y = new BufferConsole();
    ActorRef<ClientActor.Command> yClient = startClient("y", yPort, serverPort, y, exits);
    y.expectLines(">>> [Welcome, You are registered.]");
    server.expectLines(
        ">>> [Client table updated.]",
        "{'x': ('x', '127.0.0.1', " + xPort + ", True)}",
        ">>> [Client table updated.]",
        "{'x': ('x', '127.0.0.1', " + xPort + ", True), 'y': ('y', '127.0.0.1', " + yPort + ", True)}");

    // x learns of y from the table_update that the server sends after printing the table: until
    // it has arrived, x does not know y.
    String received = ">>> [Message received by y.]";
    String answer = null;
    for (int attempt = 0; attempt < 100 && !received.equals(answer); attempt++) {
      xClient.tell(new ClientActor.Typed("send y hi y from x"));
      answer = x.nextLine();
      assertTrue(answer.equals(">>> [No client named y.]") || answer.equals(received), answer);
    }
    y.expectLines(">>> x: hi y from x");

    yClient.tell(new ClientActor.Typed("send_all hello everyone"));
    y.expectLines(">>> [Group Message received by Server.]");
    x.expectLines(">>> Group Chat y:  hello everyone");

    xClient.tell(new ClientActor.Typed("quit"));
    x.expectLines(">>> [You are Offline. Bye.]");
    exits.expectMessage(NodeExit.ok());
    server.expectLines(
        ">>> [Client table updated.]",
        "{'x': ('x', '127.0.0.1', " + xPort + ", False), 'y': ('y', '127.0.0.1', " + yPort + ", True)}");
    exits.expectNoMessage();
  }

  private static ActorRef<ClientActor.Command> startClient(
      String name, int port, int serverPort, BufferConsole console, TestProbe<NodeExit> exits) {
    return testKit.spawn(UdpNodes.client(name, port, serverPort, SETTINGS, console, exits), name);
  }
}
