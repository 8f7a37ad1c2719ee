package udpchat.testing;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import udpchat.protocol.Packet;
import udpchat.transport.Transport;
import udpchat.transport.TransportFactory;

/**
 * A transport a test plays by hand: what the node sends lands on {@link #sent}; {@link #deliver}
 * hands the node a packet as if it came from an address. Packets go through the real codec both
 * ways, so a test cannot build something the wire could not carry.
 */
public final class ProbeTransport implements TransportFactory {
  public final TestProbe<Transport.Command> sent;
  private final CompletableFuture<ActorRef<Transport.Event>> owner = new CompletableFuture<>();
  private final udpchat.protocol.PacketCodec codec = new udpchat.protocol.PacketCodec(65507);

  public ProbeTransport(ActorTestKit testKit) {
    this.sent = testKit.createTestProbe(Transport.Command.class);
  }

  @Override
  public ActorRef<Transport.Command> open(
      org.apache.pekko.actor.typed.javadsl.ActorContext<?> context,
      InetSocketAddress localAddress,
      ActorRef<Transport.Event> owner) {
    this.owner.complete(owner);
    return sent.ref();
  }

  /** The node's event adapter, once it has opened its socket. */
  public ActorRef<Transport.Event> owner() {
    try {
      return owner.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the node never opened its transport", e);
    }
  }

  public void bound(InetSocketAddress local) {
    owner().tell(new Transport.Bound(local));
  }

  /** Delivers a packet to the node as a datagram from {@code from}. */
  public void deliver(Packet packet, InetSocketAddress from) {
    owner().tell(new Transport.Received(roundTrip(packet), from));
  }

  /** Expects the node's next datagram to be of this type and to go to {@code to}; returns it. */
  public <P extends Packet> P expectSent(Class<P> type, InetSocketAddress to) {
    Transport.Send send = sent.expectMessageClass(Transport.Send.class);
    if (!type.isInstance(send.packet()) || !send.to().equals(to)) {
      throw new AssertionError("expected " + type.getSimpleName() + " to " + to + " but was " + send);
    }
    return type.cast(roundTrip(send.packet()));
  }

  /** Expects the node's next datagram to be of this type (to anyone); returns the Send. */
  public Transport.Send expectSend(Class<? extends Packet> type) {
    Transport.Send send = sent.expectMessageClass(Transport.Send.class);
    if (!type.isInstance(send.packet())) {
      throw new AssertionError("expected " + type.getSimpleName() + " but was " + send);
    }
    return send;
  }

  private Packet roundTrip(Packet packet) {
    try {
      return codec.decode(codec.encode(packet));
    } catch (udpchat.protocol.MalformedPacketException e) {
      throw new AssertionError("packet does not survive the codec: " + packet, e);
    }
  }
}
