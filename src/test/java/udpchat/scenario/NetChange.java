package udpchat.scenario;

import java.time.Duration;
import java.util.Optional;

/**
 * A {@code net} step: a change to the simulated network, naming nodes (or {@code *} for any node,
 * and {@code *} for any packet type). {@code times} is how many datagrams it applies to; absent
 * means every one until healed.
 */
public sealed interface NetChange {
  String ANY = "*";

  /** {@code net drop [<n>] <type> from <node> to <node>} */
  record Drop(Optional<Integer> times, String type, String from, String to) implements NetChange {}

  /** {@code net duplicate [<n>] <type> from <node> to <node>} */
  record Duplicate(Optional<Integer> times, String type, String from, String to)
      implements NetChange {}

  /** {@code net delay <duration> [<n>] <type> from <node> to <node>} */
  record Delay(Duration by, Optional<Integer> times, String type, String from, String to)
      implements NetChange {}

  /** {@code net cut <node>} */
  record Cut(String node) implements NetChange {}

  /** {@code net lossy <node> <node> drop <p>% duplicate <p>% delay <duration>} */
  record Lossy(String a, String b, int dropPercent, int duplicatePercent, Duration maxDelay)
      implements NetChange {}

  /**
   * {@code net outage <a> <b> for <duration>} (both ways) or {@code net outage <a> to <b> for
   * <duration>} (only what {@code a} sends {@code b}): everything on the link is lost, every copy
   * and every retry, until the time is up.
   */
  record Outage(String a, String b, boolean bothWays, Duration lasting) implements NetChange {}

  /** {@code net heal [<node>]} */
  record Heal(Optional<String> node) implements NetChange {}
}
