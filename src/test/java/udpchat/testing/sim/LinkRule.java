package udpchat.testing.sim;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/** A fault the simulated network applies to datagrams. The first rule that applies decides. */
public sealed interface LinkRule {
  /** For a rule's {@code times}: every matching datagram, until the rule is healed. */
  int ALWAYS = Integer.MAX_VALUE;

  /** Whether this rule decides the fate of a datagram. */
  boolean applies(InetSocketAddress from, InetSocketAddress to, String packetType);

  /** Whether this rule mentions {@code node} (healing a node removes such rules). */
  boolean involves(InetSocketAddress node);

  /** How many datagrams the rule applies to before it is used up. */
  default int times() {
    return ALWAYS;
  }

  /** Which datagrams a rule applies to; an empty field matches anything. */
  record Match(
      Optional<InetSocketAddress> from, Optional<InetSocketAddress> to, Optional<String> type) {
    public static Match any() {
      return new Match(Optional.empty(), Optional.empty(), Optional.empty());
    }

    boolean matches(InetSocketAddress source, InetSocketAddress destination, String packetType) {
      return from.map(source::equals).orElse(true)
          && to.map(destination::equals).orElse(true)
          && type.map(packetType::equals).orElse(true);
    }

    boolean mentions(InetSocketAddress node) {
      return from.map(node::equals).orElse(false) || to.map(node::equals).orElse(false);
    }
  }

  /** Lose the next {@code times} matching datagrams. */
  record Drop(Match match, int times) implements LinkRule {
    @Override
    public boolean applies(InetSocketAddress from, InetSocketAddress to, String packetType) {
      return match.matches(from, to, packetType);
    }

    @Override
    public boolean involves(InetSocketAddress node) {
      return match.mentions(node);
    }
  }

  /** Deliver the next {@code times} matching datagrams twice. */
  record Duplicate(Match match, int times) implements LinkRule {
    @Override
    public boolean applies(InetSocketAddress from, InetSocketAddress to, String packetType) {
      return match.matches(from, to, packetType);
    }

    @Override
    public boolean involves(InetSocketAddress node) {
      return match.mentions(node);
    }
  }

  /** Hold the next {@code times} matching datagrams back for {@code by}. */
  record Delay(Match match, Duration by, int times) implements LinkRule {
    @Override
    public boolean applies(InetSocketAddress from, InetSocketAddress to, String packetType) {
      return match.matches(from, to, packetType);
    }

    @Override
    public boolean involves(InetSocketAddress node) {
      return match.mentions(node);
    }
  }

  /** Cut a node off: nothing it sends arrives, nothing sent to it arrives; it does not notice. */
  record Cut(InetSocketAddress node) implements LinkRule {
    @Override
    public boolean applies(InetSocketAddress from, InetSocketAddress to, String packetType) {
      return node.equals(from) || node.equals(to);
    }

    @Override
    public boolean involves(InetSocketAddress other) {
      return node.equals(other);
    }
  }

  /**
   * A link down for a while: every datagram from {@code a} to {@code b} (and from {@code b} to
   * {@code a} when {@code bothWays}) is lost, every copy and every retry, including copies already
   * on their way. It goes before every other rule and ends by itself ({@link
   * SimNetwork#outage}), or when healed.
   */
  record Outage(InetSocketAddress a, InetSocketAddress b, boolean bothWays) implements LinkRule {
    @Override
    public boolean applies(InetSocketAddress from, InetSocketAddress to, String packetType) {
      return (a.equals(from) && b.equals(to)) || (bothWays && a.equals(to) && b.equals(from));
    }

    @Override
    public boolean involves(InetSocketAddress node) {
      return a.equals(node) || b.equals(node);
    }
  }

  /**
   * A bad link between two nodes, both ways: each datagram is lost with {@code dropRate}, else
   * delivered twice with {@code duplicateRate}, each copy after a random delay up to
   * {@code maxDelay} (so datagrams overtake each other). Decisions come from the network's seeded
   * random source. The same datagram (same bytes, same direction) is lost at most
   * {@link #MAX_LOSSES_PER_DATAGRAM} times, so a request retried five times always gets through.
   */
  record Lossy(
      InetSocketAddress a,
      InetSocketAddress b,
      double dropRate,
      double duplicateRate,
      Duration maxDelay)
      implements LinkRule {
    public static final int MAX_LOSSES_PER_DATAGRAM = 2;

    @Override
    public boolean applies(InetSocketAddress from, InetSocketAddress to, String packetType) {
      return (a.equals(from) && b.equals(to)) || (a.equals(to) && b.equals(from));
    }

    @Override
    public boolean involves(InetSocketAddress node) {
      return a.equals(node) || b.equals(node);
    }
  }
}
