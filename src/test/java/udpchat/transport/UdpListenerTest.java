package udpchat.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import udpchat.config.ChatSettings;
import udpchat.protocol.Packet;
import udpchat.protocol.PacketCodec;

/** The real socket over UDP on 127.0.0.1: what goes in one listener comes out of the other. */
class UdpListenerTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final int LIMIT = ChatSettings.defaults().maxDatagramBytes();
  private static final PacketCodec CODEC = new PacketCodec(LIMIT);
  private static final int QUEUE = ChatSettings.defaults().sendQueueSize();

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  /** A listener on a free loopback port, and the probe that plays its node. */
  private record Node(ActorRef<Transport.Command> socket, TestProbe<Transport.Event> events,
      InetSocketAddress address) {}

  private static Node bind(InetSocketAddress local) {
    TestProbe<Transport.Event> events = testKit.createTestProbe(Transport.Event.class);
    ActorRef<Transport.Command> socket =
        testKit.spawn(UdpListener.create(local, CODEC, QUEUE, events.ref(), Map.of()));
    Transport.Bound bound = events.expectMessageClass(Transport.Bound.class);
    return new Node(socket, events, new InetSocketAddress("127.0.0.1", bound.localAddress().getPort()));
  }

  private static Node bindAnyPort() {
    return bind(new InetSocketAddress("127.0.0.1", 0));
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
        testKit.spawn(UdpListener.create(x.address(), CODEC, QUEUE, events.ref(), Map.of()));
    Transport.BindFailed failed = events.expectMessageClass(Transport.BindFailed.class);
    assertEquals(x.address(), failed.localAddress());
    assertEquals("Port " + x.address().getPort() + " is already in use", failed.reason());
    events.expectTerminated(second);
  }
}
