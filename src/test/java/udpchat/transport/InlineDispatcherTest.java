package udpchat.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import udpchat.config.ConfigLoader;
import udpchat.protocol.Packet;
import udpchat.protocol.PacketCodec;

/** The listener as the real transport runs it: on the thread that tells it. */
class InlineDispatcherTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final PacketCodec CODEC = new PacketCodec(16384);

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  private static ActorRef<Transport.Command> listener(String node) {
    TestProbe<Transport.Event> events = testKit.createTestProbe(Transport.Event.class);
    ActorRef<Transport.Command> socket =
        testKit.spawn(
            UdpListener.create(
                new InetSocketAddress("127.0.0.1", 0),
                CODEC,
                events.ref(),
                Map.of(UdpTransport.NODE_KEY, node)),
            InlineDispatcher.props(testKit.system()));
    events.expectMessageClass(Transport.Bound.class);
    return socket;
  }

  @Test
  void aSendIsWrittenBeforeTellReturns() throws Exception {
    ActorRef<Transport.Command> socket = listener("x");
    try (DatagramChannel peer = DatagramChannel.open()) {
      peer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      peer.configureBlocking(false);
      Packet packet = new Packet.DirectMessage(1, "x", "now");

      socket.tell(new Transport.Send(packet, (InetSocketAddress) peer.getLocalAddress()));
      // Loopback hands a datagram to the receiving socket within the sending call: it is there
      // already, without waiting, because this thread sent it.
      ByteBuffer buffer = ByteBuffer.allocate(2048);
      assertNotNull(peer.receive(buffer), "the datagram was sent by the thread that told it");
      byte[] bytes = new byte[buffer.flip().remaining()];
      buffer.get(bytes);
      assertEquals(packet, CODEC.decode(bytes));
    }
  }

  @Test
  void theCallersLoggingContextIsKept() throws Exception {
    ActorRef<Transport.Command> socket = listener("y");
    MDC.put(UdpTransport.NODE_KEY, "caller");
    socket.tell(
        new Transport.Send(
            new Packet.DirectMessage(2, "y", "hi"), new InetSocketAddress("127.0.0.1", 9)));
    assertEquals(Map.of(UdpTransport.NODE_KEY, "caller"), MDC.getCopyOfContextMap());
  }

  @Test
  void theDispatcherIsRegisteredOncePerSystem() {
    assertEquals(
        InlineDispatcher.props(testKit.system()), InlineDispatcher.props(testKit.system()));
    listener("a");
    listener("b");
  }

  /** A node started as udpchat.Main starts a client: its guardian on the inline dispatcher. */
  @Test
  void aNodeHandlesWhatItIsToldOnTheTellersThread() throws Exception {
    CompletableFuture<String> handledOn = new CompletableFuture<>();
    ActorSystem<String> node =
        ActorSystem.create(
            Behaviors.receiveMessage(
                (String line) -> {
                  handledOn.complete(Thread.currentThread().getName());
                  return Behaviors.same();
                }),
            "inline-node",
            ConfigLoader.builtIn(),
            UdpTransport.nodeProps());
    try {
      node.tell("typed");
      // Handled before tell returned, by this thread: no pool thread was woken for it.
      assertEquals(Thread.currentThread().getName(), handledOn.getNow("not handled yet"));
    } finally {
      node.terminate();
      node.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
