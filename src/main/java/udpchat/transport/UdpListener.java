package udpchat.transport;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.io.Inet;
import org.apache.pekko.io.UdpSO;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.connectors.udp.Datagram;
import org.apache.pekko.stream.connectors.udp.javadsl.Udp;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import udpchat.protocol.MalformedPacketException;
import udpchat.protocol.Packet;
import udpchat.protocol.PacketCodec;

/**
 * A node's one UDP socket, and the only code that touches one. It implements {@link Transport}
 * over Pekko Streams' UDP: a bounded queue of outgoing datagrams feeds {@code Udp.bindFlow}, and
 * every incoming datagram is decoded with the node's {@link PacketCodec} and told to the owner as
 * {@link Transport.Received} or {@link Transport.Rejected}. Every datagram in and out is logged
 * at DEBUG on the {@code udpchat.trace} logger, so a run's message flow can be read in its log.
 *
 * <p>The stream lives and dies with this actor (its materializer is bound to the actor), and the
 * actor is a child of its node: when the node stops, the socket is closed.
 *
 * <p>The bind stage takes a datagram off the send queue, hands it to Pekko IO's socket actor
 * without waiting for it to be written, and takes the next: the queue only fills when the stream
 * cannot keep up with a burst, such as a server's fan-out to every online client. It is sized for
 * such a burst ({@code udpchat.send-queue-size}); beyond it, datagrams are dropped and logged.
 */
public final class UdpListener {
  /**
   * What this socket asks of the kernel for its receive and send buffers, in bytes. The kernel's
   * default (about 200 KB on Linux) holds only a few hundred small datagrams: when a thousand ACKs
   * of a fan-out arrive at once, the rest are dropped before Pekko reads them, and each costs its
   * sender an ACK timeout. The send side likewise: Pekko IO drops a datagram when the kernel's
   * send buffer is full. Linux caps the request at net.core.rmem_max / wmem_max (a sysctl) without
   * saying so.
   */
  static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

  private static final List<Inet.SocketOption> SOCKET_OPTIONS =
      List.of(
          UdpSO.receiveBufferSize(SOCKET_BUFFER_BYTES), UdpSO.sendBufferSize(SOCKET_BUFFER_BYTES));

  private static final Logger TRACE = LoggerFactory.getLogger("udpchat.trace");

  // Public protocol: Transport.Command. What the stream tells the listener about itself:
  private sealed interface Internal {}

  private record BindSucceeded(InetSocketAddress localAddress) implements Internal {}

  private record BindFailure() implements Internal {}

  private record Incoming(Datagram datagram) implements Internal {}

  /** The stream has ended; {@code failure} is null when it completed normally. */
  private record StreamEnded(Throwable failure) implements Internal {}

  private final ActorContext<Object> context;
  private final InetSocketAddress localAddress;
  private final PacketCodec codec;
  private final ActorRef<Transport.Event> owner;
  private final int sendQueueSize;
  private final BoundedSourceQueue<Datagram> outgoing;
  private final CompletionStage<Done> finished;

  /**
   * @param sendQueueSize how many outgoing datagrams may wait for the socket
   * @param mdc the node's logging context (its name), so the listener's lines carry it too
   */
  public static Behavior<Transport.Command> create(
      InetSocketAddress localAddress,
      PacketCodec codec,
      int sendQueueSize,
      ActorRef<Transport.Event> owner,
      Map<String, String> mdc) {
    Behavior<Object> listener =
        Behaviors.setup(
            context ->
                new UdpListener(context, localAddress, codec, sendQueueSize, owner).binding());
    return Behaviors.withMdc(Object.class, mdc, listener).narrow();
  }

  private UdpListener(
      ActorContext<Object> context,
      InetSocketAddress localAddress,
      PacketCodec codec,
      int sendQueueSize,
      ActorRef<Transport.Event> owner) {
    this.context = context;
    this.localAddress = localAddress;
    this.codec = codec;
    this.sendQueueSize = sendQueueSize;
    this.owner = owner;

    ActorRef<Object> self = context.getSelf();
    Pair<Pair<BoundedSourceQueue<Datagram>, CompletionStage<InetSocketAddress>>, CompletionStage<Done>>
        running =
            Source.<Datagram>queue(sendQueueSize)
                .viaMat(
                    Udp.bindFlow(localAddress, SOCKET_OPTIONS, context.getSystem()), Keep.both())
                // The bind stage drops what arrives while nothing pulls: this sink never waits.
                .toMat(Sink.foreach(datagram -> self.tell(new Incoming(datagram))), Keep.both())
                .run(Materializer.createMaterializer(context));
    this.outgoing = running.first().first();
    this.finished = running.second();
    context.pipeToSelf(
        running.first().second(),
        (bound, failure) -> failure == null ? new BindSucceeded(bound) : new BindFailure());
  }

  /** Waiting for the socket. Sends are queued meanwhile: the stream takes them once bound. */
  private Behavior<Object> binding() {
    return Behaviors.receive(Object.class)
        .onMessage(Transport.Send.class, this::onSend)
        .onMessage(BindSucceeded.class, this::onBound)
        .onMessage(BindFailure.class, failure -> bindFailed())
        .build();
  }

  private Behavior<Object> bound() {
    return Behaviors.receive(Object.class)
        .onMessage(Transport.Send.class, this::onSend)
        .onMessage(Incoming.class, this::onIncoming)
        .onMessage(StreamEnded.class, this::onStreamEnded)
        .build();
  }

  private Behavior<Object> onBound(BindSucceeded bound) {
    context.getLog().info("UDP socket bound to {}", PacketTrace.peer(bound.localAddress()));
    owner.tell(new Transport.Bound(bound.localAddress()));
    // Only a bound socket can end unexpectedly; a failed bind is reported as BindFailed.
    context.pipeToSelf(finished, (done, failure) -> new StreamEnded(failure));
    return bound();
  }

  private Behavior<Object> bindFailed() {
    String reason = bindFailureReason(localAddress);
    context.getLog().warn("UDP socket not bound to {}: {}", PacketTrace.peer(localAddress), reason);
    owner.tell(new Transport.BindFailed(localAddress, reason));
    return Behaviors.stopped();
  }

  /** The trace line is built only when it is written: this runs once per datagram. */
  private Behavior<Object> onSend(Transport.Send send) {
    byte[] bytes = codec.encode(send.packet());
    if (bytes.length > codec.maxDatagramBytes()) {
      // The peer would drop it unread; better to say so here, where it is made.
      TRACE.warn(
          "{} dropped: larger than max-datagram-bytes ({} B)",
          PacketTrace.outgoing(send.packet(), send.to(), bytes.length),
          codec.maxDatagramBytes());
      return Behaviors.same();
    }
    // The array is fresh from the codec and nothing else holds it: no copy needed.
    QueueOfferResult result =
        outgoing.offer(new Datagram(ByteString.fromArrayUnsafe(bytes), send.to()));
    if (result.isEnqueued()) {
      if (TRACE.isDebugEnabled()) {
        TRACE.debug(PacketTrace.outgoing(send.packet(), send.to(), bytes.length));
      }
    } else if (result == QueueOfferResult.dropped()) {
      TRACE.warn(
          "{} dropped: send queue full ({} datagrams waiting)",
          PacketTrace.outgoing(send.packet(), send.to(), bytes.length),
          sendQueueSize);
    } else {
      TRACE.warn(
          "{} dropped: the socket is closed",
          PacketTrace.outgoing(send.packet(), send.to(), bytes.length));
    }
    return Behaviors.same();
  }

  private Behavior<Object> onIncoming(Incoming incoming) {
    InetSocketAddress from = incoming.datagram().remote();
    // Pekko IO copies each datagram into an array of its own, which this reads in place (the
    // codec only reads it); toArray would copy it once more.
    byte[] bytes = incoming.datagram().data().toArrayUnsafe();
    try {
      Packet packet = codec.decode(bytes);
      if (TRACE.isDebugEnabled()) {
        TRACE.debug(PacketTrace.incoming(packet, from, bytes.length));
      }
      owner.tell(new Transport.Received(packet, from));
    } catch (MalformedPacketException e) {
      TRACE.warn(PacketTrace.rejected(from, bytes.length, e.getMessage()));
      owner.tell(new Transport.Rejected(from, e.getMessage()));
    }
    return Behaviors.same();
  }

  private Behavior<Object> onStreamEnded(StreamEnded ended) {
    if (ended.failure() == null) {
      context.getLog().warn("UDP socket on {} closed", PacketTrace.peer(localAddress));
    } else {
      context
          .getLog()
          .error("UDP socket on {} failed", PacketTrace.peer(localAddress), ended.failure());
    }
    return Behaviors.stopped();
  }

  /**
   * Why a bind failed, in words for a person. Pekko's UDP only reports that it did, so this asks
   * the operating system once more with a plain socket that is closed at once.
   */
  static String bindFailureReason(InetSocketAddress address) {
    if (address.isUnresolved()) {
      return "Cannot bind to " + address.getHostString() + ": unknown host";
    }
    try (DatagramSocket probe = new DatagramSocket((SocketAddress) null)) {
      probe.bind(address);
      return "Cannot bind to " + PacketTrace.peer(address);
    } catch (BindException e) {
      String message = String.valueOf(e.getMessage());
      return message.contains("in use")
          ? "Port " + address.getPort() + " is already in use"
          : "Cannot bind to " + PacketTrace.peer(address) + ": " + message;
    } catch (IOException e) {
      return "Cannot bind to " + PacketTrace.peer(address) + ": " + e.getMessage();
    }
  }
}
