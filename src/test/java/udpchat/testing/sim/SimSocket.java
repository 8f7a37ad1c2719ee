package udpchat.testing.sim;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import udpchat.protocol.MalformedPacketException;
import udpchat.protocol.Packet;
import udpchat.protocol.PacketCodec;
import udpchat.transport.PacketTrace;
import udpchat.transport.Transport;

/**
 * One node's socket on the simulated network, a child of the node's actor like the real
 * transport. Packets go out as bytes through the real {@link PacketCodec} and come in the same
 * way, so malformed bytes are rejected exactly where the real transport rejects them.
 *
 * <p>It accepts the node's {@link Transport.Command}s and the network's {@link FromNetwork}
 * messages; the node only ever sees it as an {@code ActorRef<Transport.Command>}.
 */
final class SimSocket {
  /** What the router tells a socket. */
  sealed interface FromNetwork {}

  record Attached() implements FromNetwork {}

  record AddressInUse() implements FromNetwork {}

  record Arrive(byte[] bytes, InetSocketAddress from) implements FromNetwork {}

  private SimSocket() {}

  static Behavior<Object> create(
      ActorRef<SimRouter.Command> router,
      InetSocketAddress address,
      ActorRef<Transport.Event> owner,
      PacketCodec codec,
      Optional<TraceRecorder> trace) {
    return Behaviors.setup(
        context -> {
          router.tell(new SimRouter.Attach(address, context.getSelf().narrow()));
          return Behaviors.receive(Object.class)
              .onMessage(Attached.class, m -> bound(owner, address))
              .onMessage(AddressInUse.class, m -> bindFailed(owner, address))
              .onMessage(Transport.Send.class, send -> send(context, router, address, codec, trace, send))
              .onMessage(Arrive.class, arrive -> arrive(context, owner, address, codec, trace, arrive))
              .onSignal(PostStop.class, stop -> detach(router, address, context))
              .build();
        });
  }

  private static Behavior<Object> bound(ActorRef<Transport.Event> owner, InetSocketAddress address) {
    owner.tell(new Transport.Bound(address));
    return Behaviors.same();
  }

  private static Behavior<Object> bindFailed(
      ActorRef<Transport.Event> owner, InetSocketAddress address) {
    owner.tell(
        new Transport.BindFailed(address, "Port " + address.getPort() + " is already in use"));
    return Behaviors.stopped();
  }

  private static Behavior<Object> send(
      ActorContext<Object> context,
      ActorRef<SimRouter.Command> router,
      InetSocketAddress address,
      PacketCodec codec,
      Optional<TraceRecorder> trace,
      Transport.Send send) {
    byte[] bytes = codec.encode(send.packet());
    trace.ifPresent(
        t -> t.traced(address, PacketTrace.outgoing(send.packet(), send.to(), bytes.length)));
    context.getLog().debug("sim out {} -> {}: {}", address, send.to(), codec.toJson(send.packet()));
    router.tell(new SimRouter.Datagram(address, SimNetwork.normalize(send.to()), bytes));
    return Behaviors.same();
  }

  private static Behavior<Object> arrive(
      ActorContext<Object> context,
      ActorRef<Transport.Event> owner,
      InetSocketAddress address,
      PacketCodec codec,
      Optional<TraceRecorder> trace,
      Arrive arrive) {
    try {
      Packet packet = codec.decode(arrive.bytes());
      trace.ifPresent(t -> t.traced(address,
          PacketTrace.incoming(packet, arrive.from(), arrive.bytes().length)));
      owner.tell(new Transport.Received(packet, arrive.from()));
    } catch (MalformedPacketException e) {
      context.getLog().info("sim dropped a datagram from {}: {}", arrive.from(), e.getMessage());
      trace.ifPresent(t -> t.traced(address,
          PacketTrace.rejected(arrive.from(), arrive.bytes().length, e.getMessage())));
      owner.tell(new Transport.Rejected(arrive.from(), e.getMessage()));
    }
    return Behaviors.same();
  }

  private static Behavior<Object> detach(
      ActorRef<SimRouter.Command> router, InetSocketAddress address, ActorContext<Object> context) {
    router.tell(new SimRouter.Detach(address, context.getSelf().narrow()));
    return Behaviors.same();
  }
}
