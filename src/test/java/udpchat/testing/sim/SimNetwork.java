package udpchat.testing.sim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import udpchat.protocol.PacketCodec;
import udpchat.transport.Transport;
import udpchat.transport.TransportFactory;

/**
 * An in-memory network in place of UDP: every node opens its socket here, and datagrams are
 * routed by address through the real {@link PacketCodec}. The network can drop, duplicate or
 * delay datagrams, cut a node off, or deliver raw bytes ({@link LinkRule}, {@link #inject}).
 *
 * <p>All addresses are on one host, 127.0.0.1; a socket bound to the wildcard address is reachable
 * there. Calls only send messages to the network's actor: in a {@link SimWorld} make them through
 * {@link SimWorld#run} so they take effect at a deterministic point.
 */
public final class SimNetwork implements TransportFactory {
  public static final InetAddress HOST = InetAddress.getLoopbackAddress();

  private final ActorRef<SimRouter.Command> router;
  private final PacketCodec codec;
  private final Optional<TraceRecorder> trace;

  /** Starts the network's actor in {@code testKit}; {@code seed} fixes every random decision. */
  public SimNetwork(ActorTestKit testKit, PacketCodec codec, long seed) {
    this(testKit, codec, seed, Optional.empty());
  }

  /** A network whose sockets also write the packet trace to {@code trace}. */
  public SimNetwork(
      ActorTestKit testKit, PacketCodec codec, long seed, Optional<TraceRecorder> trace) {
    this.router = testKit.spawn(SimRouter.create(seed), "sim-network");
    this.codec = codec;
    this.trace = trace;
  }

  /** The address a node bound to {@code port} is reached at. */
  public static InetSocketAddress address(int port) {
    return new InetSocketAddress(HOST, port);
  }

  static InetSocketAddress normalize(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    return ip == null || ip.isAnyLocalAddress() || ip.isLoopbackAddress()
        ? address(address.getPort())
        : address;
  }

  @Override
  public ActorRef<Transport.Command> open(
      ActorContext<?> context, InetSocketAddress localAddress, ActorRef<Transport.Event> owner) {
    InetSocketAddress address = normalize(localAddress);
    return context
        .spawn(SimSocket.create(router, address, owner, codec, trace),
            "sim-socket-" + address.getPort())
        .narrow();
  }

  public void add(LinkRule rule) {
    router.tell(new SimRouter.AddRule(rule));
  }

  /**
   * Takes the link between {@code a} and {@code b} down for {@code lasting}: everything from
   * {@code a} to {@code b} is lost (and from {@code b} to {@code a}, when {@code bothWays}), ahead
   * of every other rule; afterwards the link's other rules apply again.
   */
  public void outage(
      InetSocketAddress a, InetSocketAddress b, boolean bothWays, Duration lasting) {
    router.tell(
        new SimRouter.AddOutage(
            new LinkRule.Outage(normalize(a), normalize(b), bothWays), lasting));
  }

  /** Removes every rule that involves {@code node}. */
  public void heal(InetSocketAddress node) {
    router.tell(new SimRouter.Heal(Optional.of(normalize(node))));
  }

  /** Removes every rule. */
  public void healAll() {
    router.tell(new SimRouter.Heal(Optional.empty()));
  }

  /** Delivers raw bytes to {@code to} as one datagram from {@code from}, rules applying. */
  public void inject(InetSocketAddress to, InetSocketAddress from, byte[] bytes) {
    router.tell(new SimRouter.Datagram(normalize(from), normalize(to), bytes.clone()));
  }
}
