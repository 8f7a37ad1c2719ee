package udpchat.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import udpchat.config.ChatSettings;
import udpchat.protocol.Packet;
import udpchat.protocol.PacketCodec;

/** The real socket over UDP on 127.0.0.1: what goes in one listener comes out of the other. */
class UdpListenerTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final int LIMIT = ChatSettings.defaults().maxDatagramBytes();
  private static final PacketCodec CODEC = new PacketCodec(LIMIT);
  /** As the real transport runs it: on the thread that tells it. */
  private static final Props INLINE = InlineDispatcher.props(testKit.system());

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  /** A listener on a free loopback port, and the probe that plays its node. */
  private record Node(ActorRef<Transport.Command> socket, TestProbe<Transport.Event> events,
      InetSocketAddress address) {}

  private static Node bind(InetSocketAddress local) {
    return bind(local, Map.of());
  }

  private static Node bind(InetSocketAddress local, Map<String, String> mdc) {
    TestProbe<Transport.Event> events = testKit.createTestProbe(Transport.Event.class);
    ActorRef<Transport.Command> socket =
        testKit.spawn(UdpListener.create(local, CODEC, events.ref(), mdc), INLINE);
    Transport.Bound bound = events.expectMessageClass(Transport.Bound.class);
    return new Node(socket, events, new InetSocketAddress("127.0.0.1", bound.localAddress().getPort()));
  }

  private static Node bindAnyPort() {
    return bind(new InetSocketAddress("127.0.0.1", 0));
  }

  /** A listener on a free loopback port for the node {@code name}. */
  private static Node bindAnyPort(String name) {
    return bind(new InetSocketAddress("127.0.0.1", 0), Map.of(UdpTransport.NODE_KEY, name));
  }

  /** The lines of the udpchat.trace logger while a test runs: "LEVEL [node] message". */
  private static final class TraceLines extends AppenderBase<ILoggingEvent>
      implements AutoCloseable {
    private final Logger trace = (Logger) LoggerFactory.getLogger("udpchat.trace");
    private final Level level = trace.getLevel();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    TraceLines() {
      setContext(trace.getLoggerContext());
      start();
      trace.addAppender(this);
      trace.setLevel(Level.DEBUG);
    }

    @Override
    protected void append(ILoggingEvent event) {
      lines.add(
          event.getLevel() + " [" + event.getMDCPropertyMap().get(UdpTransport.NODE_KEY) + "] "
              + event.getFormattedMessage());
    }

    List<String> lines() {
      return List.copyOf(lines);
    }

    @Override
    public void close() {
      trace.detachAppender(this);
      trace.setLevel(level);
      stop();
    }
  }

  private static Thread thread(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no thread " + name));
  }

  private static void sendRaw(byte[] bytes, InetSocketAddress to) throws Exception {
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.send(new DatagramPacket(bytes, bytes.length, to));
    }
  }

  @Test
  void twoListenersExchangeAPacketWithTheSendersAddress() {
    Node x = bindAnyPort();
    Node y = bindAnyPort();

    x.socket().tell(new Transport.Send(new Packet.DirectMessage(17, "x", "hi y from x"), y.address()));
    Transport.Received received = y.events().expectMessageClass(Transport.Received.class);
    assertEquals(new Packet.DirectMessage(17, "x", "hi y from x"), received.packet());
    assertEquals(x.address(), received.from());

    y.socket().tell(new Transport.Send(new Packet.Ack(17, "y"), received.from()));
    assertEquals(new Packet.Ack(17, "y"), x.events().expectMessageClass(Transport.Received.class).packet());
  }

  @Test
  void aDatagramOfTheFullAllowedSizeArrivesWhole() {
    Node x = bindAnyPort();
    Node y = bindAnyPort();
    String overhead = CODEC.toJson(new Packet.DirectMessage(1, "x", ""));
    String message = "m".repeat(LIMIT - overhead.length());
    Packet big = new Packet.DirectMessage(1, "x", message);
    assertEquals(LIMIT, CODEC.encode(big).length);

    x.socket().tell(new Transport.Send(big, y.address()));
    assertEquals(big, y.events().expectMessageClass(Transport.Received.class).packet());
  }

  @Test
  void garbageBytesAreRejectedWithAReason() throws Exception {
    Node y = bindAnyPort();
    sendRaw("print('hello')".getBytes(StandardCharsets.UTF_8), y.address());
    Transport.Rejected rejected = y.events().expectMessageClass(Transport.Rejected.class);
    assertTrue(rejected.reason().startsWith("not a JSON object"), rejected.reason());

    sendRaw("{\"type\":\"shutdown\"}".getBytes(StandardCharsets.UTF_8), y.address());
    assertEquals(
        "unknown type \"shutdown\"", y.events().expectMessageClass(Transport.Rejected.class).reason());
  }

  @Test
  void anOversizedDatagramIsRejectedForItsSize() throws Exception {
    Node y = bindAnyPort();
    byte[] tooBig = ("{\"type\":\"msg\",\"id\":1,\"name_from\":\"x\",\"msg\":\"" + "m".repeat(LIMIT) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    sendRaw(tooBig, y.address());
    Transport.Rejected rejected = y.events().expectMessageClass(Transport.Rejected.class);
    assertEquals(
        "datagram of " + tooBig.length + " bytes exceeds the limit of " + LIMIT, rejected.reason());
  }

  @Test
  void anOversizedPacketIsNotSent() {
    Node x = bindAnyPort();
    Node y = bindAnyPort();
    x.socket().tell(new Transport.Send(new Packet.DirectMessage(1, "x", "m".repeat(LIMIT)), y.address()));
    x.socket().tell(new Transport.Send(new Packet.DirectMessage(2, "x", "small"), y.address()));
    assertEquals(
        new Packet.DirectMessage(2, "x", "small"),
        y.events().expectMessageClass(Transport.Received.class).packet());
    y.events().expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aPortInUseIsACleanBindFailure() {
    Node x = bindAnyPort();
    TestProbe<Transport.Event> events = testKit.createTestProbe(Transport.Event.class);
    ActorRef<Transport.Command> second =
        testKit.spawn(UdpListener.create(x.address(), CODEC, events.ref(), Map.of()), INLINE);
    Transport.BindFailed failed = events.expectMessageClass(Transport.BindFailed.class);
    assertEquals(x.address(), failed.localAddress());
    assertEquals("Port " + x.address().getPort() + " is already in use", failed.reason());
    events.expectTerminated(second);
  }

  @Test
  void anUnknownHostIsACleanBindFailure() {
    TestProbe<Transport.Event> events = testKit.createTestProbe(Transport.Event.class);
    InetSocketAddress nowhere = InetSocketAddress.createUnresolved("no-such-host.invalid", 0);
    ActorRef<Transport.Command> socket =
        testKit.spawn(UdpListener.create(nowhere, CODEC, events.ref(), Map.of()), INLINE);
    assertEquals(
        new Transport.BindFailed(nowhere, "Cannot bind to no-such-host.invalid: unknown host"),
        events.expectMessageClass(Transport.BindFailed.class));
    events.expectTerminated(socket);
  }

  @Test
  void theTraceNamesEveryDatagramInTheNodesName() throws Exception {
    try (TraceLines trace = new TraceLines();
        DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Node x = bindAnyPort("x");
      Node y = bindAnyPort("y");
      String xAt = "127.0.0.1:" + x.address().getPort();
      String yAt = "127.0.0.1:" + y.address().getPort();

      Packet message = new Packet.DirectMessage(17, "x", "hi y");
      int size = CODEC.encode(message).length;
      x.socket().tell(new Transport.Send(message, y.address()));
      y.events().expectMessageClass(Transport.Received.class);
      Packet tooBig = new Packet.DirectMessage(18, "x", "m".repeat(LIMIT));
      x.socket().tell(new Transport.Send(tooBig, y.address()));
      byte[] garbage = "print('hello')".getBytes(StandardCharsets.UTF_8);
      stranger.send(new DatagramPacket(garbage, garbage.length, y.address()));
      y.events().expectMessageClass(Transport.Rejected.class);

      List<String> expected =
          List.of(
              "DEBUG [x] out msg id=17 -> " + yAt + " (" + size + " B)",
              "DEBUG [y] in msg id=17 <- " + xAt + " (" + size + " B)",
              "WARN [x] out msg id=18 -> " + yAt + " (" + CODEC.encode(tooBig).length
                  + " B) dropped: larger than max-datagram-bytes (" + LIMIT + " B)",
              "WARN [y] in rejected <- 127.0.0.1:" + stranger.getLocalPort()
                  + " (14 B): not a JSON object");
      // The lines are written by two sockets' threads: their order is not fixed.
      x.events()
          .awaitAssert(
              () -> {
                assertEquals(
                    expected.stream().sorted().toList(), trace.lines().stream().sorted().toList());
                return null;
              });
    }
  }

  @Test
  void aPacketForAnUnknownHostIsDroppedAndTheSocketGoesOn() {
    try (TraceLines trace = new TraceLines()) {
      Node x = bindAnyPort("x");
      Node y = bindAnyPort("y");
      InetSocketAddress nowhere = InetSocketAddress.createUnresolved("no-such-host.invalid", 4000);
      Packet lost = new Packet.DirectMessage(1, "x", "lost");
      x.socket().tell(new Transport.Send(lost, nowhere));
      x.socket().tell(new Transport.Send(new Packet.DirectMessage(2, "x", "found"), y.address()));
      assertEquals(
          new Packet.DirectMessage(2, "x", "found"),
          y.events().expectMessageClass(Transport.Received.class).packet());
      assertEquals(
          List.of(
              "WARN [x] out msg id=1 -> no-such-host.invalid:4000 (" + CODEC.encode(lost).length
                  + " B) dropped: unknown host"),
          trace.lines().stream().filter(line -> line.startsWith("WARN")).toList());
    }
  }

  @Test
  void aBurstArrivesWholeAndInOrder() throws Exception {
    Node y = bindAnyPort();
    int count = 100;
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      for (int id = 1; id <= count; id++) {
        byte[] bytes = CODEC.encode(new Packet.DirectMessage(id, "x", "burst"));
        socket.send(new DatagramPacket(bytes, bytes.length, y.address()));
      }
    }
    List<Integer> ids =
        y.events().receiveSeveralMessages(count).stream()
            .map(event -> (int) ((Packet.DirectMessage) ((Transport.Received) event).packet()).id())
            .toList();
    assertEquals(IntStream.rangeClosed(1, count).boxed().toList(), ids);
  }

  @Test
  void stoppingTheListenerClosesItsSocketAndEndsItsReader() throws Exception {
    Node z = bindAnyPort("z");
    int port = z.address().getPort();
    // Bound comes first, and the reader is started just after it.
    Thread reader = z.events().awaitAssert(() -> thread("udp-z-" + port));
    assertTrue(reader.isDaemon(), "the reader must not keep the JVM alive");

    testKit.stop(z.socket());
    reader.join(Duration.ofSeconds(5).toMillis());
    assertFalse(reader.isAlive(), "the reader ends with its socket");
    // The port is free again at once, e.g. for a node that is started again on it.
    try (DatagramSocket again = new DatagramSocket(z.address())) {
      assertEquals(port, again.getLocalPort());
    }
  }
}
