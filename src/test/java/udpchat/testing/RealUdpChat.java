package udpchat.testing;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import udpchat.NodeExit;
import udpchat.client.ClientActor;
import udpchat.client.ClientOptions;
import udpchat.config.ChatSettings;
import udpchat.metrics.MetricsSettings;
import udpchat.metrics.ServerMetrics;
import udpchat.server.ChatServer;
import udpchat.server.RegistryJournal;
import udpchat.transport.TransportFactory;
import udpchat.transport.UdpTransport;

/** A server and its clients on 127.0.0.1 over real UDP sockets, in real time, in one JVM. */
public final class RealUdpChat {
  private final ActorTestKit testKit;
  private final ChatSettings settings;
  private final TestProbe<NodeExit> exits;

  public RealUdpChat(ActorTestKit testKit, ChatSettings settings) {
    this.testKit = testKit;
    this.settings = settings;
    this.exits = testKit.createTestProbe(NodeExit.class);
  }

  /** How the nodes ended, in the order they did. */
  public TestProbe<NodeExit> exits() {
    return exits;
  }

  /** Starts a server on {@code port} with its socket from {@code transport}. */
  public void startServer(int port, BufferConsole console, TransportFactory transport) {
    testKit.spawn(
        ChatServer.create(
            port, settings, console, Clock.systemDefaultZone(), transport, exits.ref()::tell),
        "server");
  }

  /** Starts a server that also counts what it does in {@code metrics}, its socket included. */
  public void startServer(
      int port, BufferConsole console, ServerMetrics metrics, MetricsSettings metricsSettings) {
    testKit.spawn(
        ChatServer.create(
            port, settings, console, Clock.systemDefaultZone(),
            UdpTransport.factory(settings, metrics), exits.ref()::tell, RegistryJournal.fresh(),
            metrics, metricsSettings),
        "server");
  }

  /** Starts the client {@code name} on {@code port}, registering with the server on serverPort. */
  public ActorRef<ClientActor.Command> startClient(
      String name, int port, int serverPort, BufferConsole console) {
    ClientOptions options =
        new ClientOptions(name, new InetSocketAddress("127.0.0.1", serverPort), port);
    return testKit.spawn(
        ClientActor.create(
            options, settings, console, Clock.systemDefaultZone(), UdpTransport.factory(settings),
            exits.ref()::tell, Optional.empty()),
        name);
  }

  /**
   * {@code from} sends {@code text} to {@code to} and sees it received. A client learns of a peer
   * from the table_update that follows the peer's registration: until it has come, it answers
   * "[No client named …]", and the message is sent again.
   */
  public static void sendDirect(
      ActorRef<ClientActor.Command> from, BufferConsole console, String to, String text) {
    String received = ">>> [Message received by " + to + ".]";
    String answer = null;
    for (int attempt = 0; attempt < 100 && !received.equals(answer); attempt++) {
      from.tell(new ClientActor.Typed("send " + to + " " + text));
      answer = console.nextLine();
      if (!answer.equals(">>> [No client named " + to + ".]") && !answer.equals(received)) {
        throw new AssertionError("unexpected line: " + answer);
      }
    }
    if (!received.equals(answer)) {
      throw new AssertionError(to + " never became known: " + answer);
    }
  }
}
