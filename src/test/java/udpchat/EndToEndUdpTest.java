package udpchat;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import udpchat.client.ClientActor;
import udpchat.config.ChatSettings;
import udpchat.testing.BufferConsole;
import udpchat.testing.FreePorts;
import udpchat.testing.RealUdpChat;
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
    int serverPort = FreePorts.next();
    int xPort = FreePorts.next();
    int yPort = FreePorts.next();
    RealUdpChat chat = new RealUdpChat(testKit, SETTINGS);
    TestProbe<NodeExit> exits = chat.exits();

    BufferConsole server = new BufferConsole();
    chat.startServer(serverPort, server, UdpTransport.factory(SETTINGS));
    server.expectLines(">>> [Server listening on port " + serverPort + ".]");

    BufferConsole x = new BufferConsole();
    ActorRef<ClientActor.Command> xClient = chat.startClient("x", xPort, serverPort, x);
    x.expectLines(">>> [Welcome, You are registered.]");
    BufferConsole y = new BufferConsole();
    ActorRef<ClientActor.Command> yClient = chat.startClient("y", yPort, serverPort, y);
    y.expectLines(">>> [Welcome, You are registered.]");
    server.expectLines(
        ">>> [Client table updated.]",
        "{'x': ('x', '127.0.0.1', " + xPort + ", True)}",
        ">>> [Client table updated.]",
        "{'x': ('x', '127.0.0.1', " + xPort + ", True), 'y': ('y', '127.0.0.1', " + yPort + ", True)}");

    RealUdpChat.sendDirect(xClient, x, "y", "hi y from x");
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
}
