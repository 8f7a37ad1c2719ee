package udpchat.transport;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.slf4j.MDC;
import udpchat.config.ChatSettings;
import udpchat.config.RateLimit;
import udpchat.protocol.PacketCodec;

/**
 * The real transport: each node's socket is a {@link UdpListener} child named {@code "udp"}, on the
 * {@link InlineDispatcher}, so the node's own thread writes what it sends.
 */
public final class UdpTransport {
  /** The MDC key under which a node's behaviour puts its name. */
  static final String NODE_KEY = "node";

  private UdpTransport() {}

  /**
   * Where a client node runs: on the {@link InlineDispatcher}, i.e. on the thread that tells it
   * something. A datagram is then handled, and its answer written, by the socket's reader thread
   * that read it, with no wake-up of a pool thread in between; a typed line by the console's
   * thread, a timer by the scheduler's. The node must never block, as no actor should. Needs
   * {@link InlineDispatcher#ID} in the actor system's configuration (udpchat.conf has it).
   */
  public static Props nodeProps() {
    return DispatcherSelector.fromConfig(InlineDispatcher.ID);
  }

  /** A client's socket: no rate limit (it hears only from its server and a few peers). */
  public static TransportFactory factory(ChatSettings settings) {
    return factory(settings, () -> SourceRateLimiter.of(RateLimit.OFF), DatagramCounters.NONE);
  }

  /** The real transport, counting every datagram in and out in {@code counters}. */
  public static TransportFactory factory(ChatSettings settings, DatagramCounters counters) {
    return factory(settings, () -> SourceRateLimiter.of(RateLimit.OFF), counters);
  }

  /**
   * A socket whose datagrams first go through a limiter of its own, e.g. the server's with
   * {@code () -> SourceRateLimiter.of(RateLimit.from(config))}. Each socket opened gets a new
   * limiter, since a limiter belongs to one reader thread.
   */
  public static TransportFactory factory(
      ChatSettings settings, Supplier<SourceRateLimiter> limiters) {
    return factory(settings, limiters, DatagramCounters.NONE);
  }

  /** A rate-limited socket that also counts every datagram in and out in {@code counters}. */
  public static TransportFactory factory(
      ChatSettings settings, Supplier<SourceRateLimiter> limiters, DatagramCounters counters) {
    PacketCodec codec = new PacketCodec(settings.maxDatagramBytes());
    // While the actor system starts and the socket binds, so the first packets are not slow.
    CompletableFuture.runAsync(codec::warmUp);
    return (context, localAddress, owner) ->
        context.spawn(
            UdpListener.create(localAddress, codec, owner, nodeMdc(), limiters.get(), counters),
            "udp",
            InlineDispatcher.props(context.getSystem()));
  }

  /**
   * The node opens its socket while handling one of its own messages, so the logging context it
   * set (its name) is current here; the listener keeps it for its own lines.
   */
  private static Map<String, String> nodeMdc() {
    String node = MDC.get(NODE_KEY);
    return node == null ? Map.of() : Map.of(NODE_KEY, node);
  }
}
