package udpchat.testing;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Clock;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.Behavior;
import udpchat.NodeExit;
import udpchat.client.ClientActor;
import udpchat.client.ClientOptions;
import udpchat.config.ChatSettings;
import udpchat.transport.UdpTransport;

/** Nodes on real UDP sockets on 127.0.0.1, in one JVM, for the real-time tests. */
public final class UdpNodes {
  private UdpNodes() {}

  /** A UDP port that was free a moment ago. */
  public static int freeUdpPort() throws SocketException {
    try (DatagramSocket socket = new DatagramSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Client {@code name} on {@code port}, registering with the server on {@code serverPort}. */
  public static Behavior<ClientActor.Command> client(
      String name, int port, int serverPort, ChatSettings settings, BufferConsole console,
      TestProbe<NodeExit> exits) {
    ClientOptions options =
        new ClientOptions(name, new InetSocketAddress("127.0.0.1", serverPort), port);
    return ClientActor.create(
        options, settings, console, Clock.systemDefaultZone(), UdpTransport.factory(settings),
        exits.ref()::tell, Optional.empty());
  }
}
