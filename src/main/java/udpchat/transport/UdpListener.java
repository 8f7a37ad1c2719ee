package udpchat.transport;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.UnresolvedAddressException;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import udpchat.config.RateLimit;
import udpchat.protocol.MalformedPacketException;
import udpchat.protocol.Packet;
import udpchat.protocol.PacketCodec;
import udpchat.protocol.PacketTypes;

/**
 * A node's one UDP socket, and the only code that touches one. It implements {@link Transport}
 * over a {@link DatagramChannel}: {@link Transport.Send} is encoded with the node's {@link
 * PacketCodec} and written by this actor; every incoming datagram is decoded and told to the owner
 * as {@link Transport.Received} or {@link Transport.Rejected}. Every datagram in and out is logged
 * at DEBUG on the {@code udpchat.trace} logger, so a run's message flow can be read in its log.
 *
 * <p>The socket is bound while the actor starts: the owner hears {@link Transport.Bound} or
 * {@link Transport.BindFailed} before anything else. Then one daemon thread of the socket's own
 * ({@code udp-<node>-<port>}) waits for datagrams, decodes each where it is read and tells the
 * owner directly, without a hop through this actor. The real transport runs this actor on the
 * {@link InlineDispatcher}, so a {@code Send} is written by the thread that tells it: a datagram
 * crosses a single thread handoff between one node's actor and the other's, the reader's tell,
 * which keeps a round trip close to that of plain sockets. The codec is thread-safe; the channel is
 * used by one writer at a time (this actor) and one reader, which a {@code DatagramChannel}
 * supports.
 *
 * <p>The actor is a child of its node: when the node stops, this actor stops and closes the
 * socket, and the reader ends with it. If the socket fails on its own, the reader tells this actor,
 * which logs it and stops, so a node that watches its socket learns of it.
 *
 * <p>Nothing is queued in the program: a datagram goes to the kernel when it is sent, and the
 * socket's kernel buffers ({@link #SOCKET_BUFFER_BYTES}) absorb a burst, such as a server's fan-out
 * to every online client. When the send buffer is full, the datagram is dropped and logged.
 */
public final class UdpListener {
  /**
   * What this socket asks of the kernel for its receive and send buffers, in bytes. The kernel's
   * default (about 200 KB on Linux) holds only a few hundred small datagrams: when a thousand ACKs
   * of a fan-out arrive at once, the rest are dropped before they are read, and each costs its
   * sender an ACK timeout. The send side likewise: a datagram that does not fit in the send buffer
   * is dropped. Linux caps the request at net.core.rmem_max / wmem_max (a sysctl) without saying
   * so.
   */
  static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

  /**
   * The reader's buffer: larger than any UDP payload (65,507 bytes over IPv4, 65,527 over IPv6),
   * so every datagram is read whole and one larger than max-datagram-bytes is rejected for its
   * size, never cut off and read half.
   */
  static final int READ_BUFFER_BYTES = 64 * 1024 + 1;

  private static final Logger TRACE = LoggerFactory.getLogger("udpchat.trace");

  // Public protocol: Transport.Command. What the reader thread tells the listener:
  /** The socket failed while the reader waited on it or read from it. */
  private record ReadFailed(Exception failure) {}

  private final ActorContext<Object> context;
  private final InetSocketAddress localAddress;
  private final DatagramChannel channel;
  private final Selector selector;
  private final PacketCodec codec;
  private final DatagramCounters counters;

  /**
   * @param mdc the node's logging context (its name), so the listener's lines carry it too
   */
  public static Behavior<Transport.Command> create(
      InetSocketAddress localAddress,
      PacketCodec codec,
      ActorRef<Transport.Event> owner,
      Map<String, String> mdc) {
    return create(localAddress, codec, owner, mdc, SourceRateLimiter.of(RateLimit.OFF),
        DatagramCounters.NONE);
  }

  /**
   * @param limiter drops datagrams over their source's limit before they are decoded
   * @param counters counts every datagram in and out for the node's metrics
   */
  public static Behavior<Transport.Command> create(
      InetSocketAddress localAddress,
      PacketCodec codec,
      ActorRef<Transport.Event> owner,
      Map<String, String> mdc,
      SourceRateLimiter limiter,
      DatagramCounters counters) {
    Behavior<Object> listener =
        Behaviors.setup(
            context -> open(context, localAddress, codec, owner, mdc, limiter, counters));
    return Behaviors.withMdc(Object.class, mdc, listener).narrow();
  }

  /** Binds the socket and starts its reader; or tells the owner why it could not, and stops. */
  private static Behavior<Object> open(
      ActorContext<Object> context,
      InetSocketAddress localAddress,
      PacketCodec codec,
      ActorRef<Transport.Event> owner,
      Map<String, String> mdc,
      SourceRateLimiter limiter,
      DatagramCounters counters) {
    DatagramChannel channel = null;
    Selector selector = null;
    InetSocketAddress bound;
    try {
      channel = DatagramChannel.open();
      channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
      channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
      channel.bind(localAddress);
      channel.configureBlocking(false);
      selector = Selector.open();
      channel.register(selector, SelectionKey.OP_READ);
      bound = (InetSocketAddress) channel.getLocalAddress();
    } catch (IOException | RuntimeException e) {
      closeQuietly(selector);
      closeQuietly(channel);
      String reason = bindFailureReason(localAddress, e);
      context.getLog().warn("UDP socket not bound to {}: {}", PacketTrace.peer(localAddress), reason);
      owner.tell(new Transport.BindFailed(localAddress, reason));
      return Behaviors.stopped();
    }
    context.getLog().info("UDP socket bound to {}", PacketTrace.peer(bound));
    // Told before the reader starts, so Bound comes before any datagram.
    owner.tell(new Transport.Bound(bound));
    Reader reader =
        new Reader(
            channel, selector, codec, owner, context.getSelf().narrow(), mdc, limiter, counters);
    String node = mdc.get(UdpTransport.NODE_KEY);
    Thread thread =
        new Thread(reader, "udp-" + (node == null ? "" : node + "-") + bound.getPort());
    thread.setDaemon(true);
    try {
      thread.start();
    } catch (RuntimeException | Error e) {
      // No thread left for the socket (the listener fails, its owner's watch fires): close it.
      closeQuietly(selector);
      closeQuietly(channel);
      throw e;
    }
    return new UdpListener(context, bound, channel, selector, codec, counters).bound();
  }

  private UdpListener(
      ActorContext<Object> context,
      InetSocketAddress localAddress,
      DatagramChannel channel,
      Selector selector,
      PacketCodec codec,
      DatagramCounters counters) {
    this.context = context;
    this.localAddress = localAddress;
    this.channel = channel;
    this.selector = selector;
    this.codec = codec;
    this.counters = counters;
  }

  private Behavior<Object> bound() {
    return Behaviors.receive(Object.class)
        .onMessage(Transport.Send.class, this::onSend)
        .onMessage(ReadFailed.class, this::onReadFailed)
        .onSignal(PostStop.class, signal -> close())
        .build();
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
      counters.sendFailed();
      return Behaviors.same();
    }
    String dropped;
    try {
      // Non-blocking: the datagram is in the kernel's send buffer, or nothing was sent at all.
      if (channel.send(ByteBuffer.wrap(bytes), send.to()) > 0) {
        counters.sent(PacketTypes.nameOf(send.packet()));
        if (TRACE.isDebugEnabled()) {
          TRACE.debug(PacketTrace.outgoing(send.packet(), send.to(), bytes.length));
        }
        return Behaviors.same();
      }
      dropped = "socket send buffer full";
    } catch (ClosedChannelException e) {
      dropped = "the socket is closed";
    } catch (UnresolvedAddressException e) {
      dropped = "unknown host";
    } catch (IOException | RuntimeException e) {
      // One datagram the kernel refuses (no route, not permitted) does not end the socket.
      dropped = String.valueOf(e.getMessage());
    }
    counters.sendFailed();
    TRACE.warn(
        "{} dropped: {}", PacketTrace.outgoing(send.packet(), send.to(), bytes.length), dropped);
    return Behaviors.same();
  }

  private Behavior<Object> onReadFailed(ReadFailed failed) {
    context
        .getLog()
        .error("UDP socket on {} failed", PacketTrace.peer(localAddress), failed.failure());
    return Behaviors.stopped();
  }

  /** Closing the selector wakes the reader, which then finds it closed and ends. */
  private Behavior<Object> close() {
    closeQuietly(selector);
    closeQuietly(channel);
    context.getLog().debug("UDP socket on {} closed", PacketTrace.peer(localAddress));
    return Behaviors.same();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      // Nothing more can be done with a socket that does not close; it is not used again.
    }
  }

  /** Why a bind failed, in words for a person, e.g. "Port 5000 is already in use". */
  static String bindFailureReason(InetSocketAddress address, Exception failure) {
    if (address.isUnresolved() || failure instanceof UnresolvedAddressException) {
      return "Cannot bind to " + address.getHostString() + ": unknown host";
    }
    String message = String.valueOf(failure.getMessage());
    if (failure instanceof BindException && message.contains("in use")) {
      return "Port " + address.getPort() + " is already in use";
    }
    return "Cannot bind to " + PacketTrace.peer(address) + ": " + message;
  }

  /**
   * The socket's reader, on a thread of its own: waits until datagrams are ready, reads every one
   * of them, decodes each and tells the owner. It ends quietly when the listener closes the
   * socket, and tells the listener when the socket fails otherwise.
   */
  private static final class Reader implements Runnable {
    private final DatagramChannel channel;
    private final Selector selector;
    private final PacketCodec codec;
    private final ActorRef<Transport.Event> owner;
    private final ActorRef<ReadFailed> listener;
    private final Map<String, String> mdc;
    private final SourceRateLimiter limiter;
    private final DatagramCounters counters;

    Reader(
        DatagramChannel channel,
        Selector selector,
        PacketCodec codec,
        ActorRef<Transport.Event> owner,
        ActorRef<ReadFailed> listener,
        Map<String, String> mdc,
        SourceRateLimiter limiter,
        DatagramCounters counters) {
      this.channel = channel;
      this.selector = selector;
      this.codec = codec;
      this.owner = owner;
      this.listener = listener;
      this.mdc = mdc;
      this.limiter = limiter;
      this.counters = counters;
    }

    @Override
    public void run() {
      // The trace lines written here carry the node's name like the listener's own.
      MDC.setContextMap(mdc);
      ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
      try {
        while (true) {
          selector.select();
          selector.selectedKeys().clear();
          SocketAddress from;
          while ((from = channel.receive(buffer.clear())) != null) {
            if (!limiter.admit((InetSocketAddress) from)) {
              counters.rateLimited();
              continue; // over its source's limit: dropped unread and unanswered (counted)
            }
            byte[] bytes = new byte[buffer.flip().remaining()];
            buffer.get(bytes);
            deliver(bytes, (InetSocketAddress) from);
          }
        }
      } catch (ClosedChannelException | ClosedSelectorException e) {
        // The listener stopped and closed the socket: nothing more to read.
      } catch (IOException | RuntimeException e) {
        if (channel.isOpen() && selector.isOpen()) {
          listener.tell(new ReadFailed(e));
        }
      }
    }

    private void deliver(byte[] bytes, InetSocketAddress from) {
      try {
        Packet packet = codec.decode(bytes);
        counters.received(PacketTypes.nameOf(packet));
        if (TRACE.isDebugEnabled()) {
          TRACE.debug(PacketTrace.incoming(packet, from, bytes.length));
        }
        owner.tell(new Transport.Received(packet, from));
      } catch (MalformedPacketException e) {
        counters.rejected();
        TRACE.warn(PacketTrace.rejected(from, bytes.length, e.getMessage()));
        owner.tell(new Transport.Rejected(from, e.getMessage()));
      }
    }
  }
}
