package udpchat.scenario;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import udpchat.testing.sim.LinkRule;
import udpchat.testing.sim.SimNetwork;

/** Turns a scenario's {@code net} step, which names nodes, into a rule on their addresses. */
final class NetRules {
  private final Map<String, Integer> ports;

  NetRules(Map<String, Integer> ports) {
    this.ports = ports;
  }

  InetSocketAddress address(String node) {
    return SimNetwork.address(ports.get(node));
  }

  LinkRule toRule(NetChange change) {
    if (change instanceof NetChange.Drop drop) {
      return new LinkRule.Drop(match(drop.type(), drop.from(), drop.to()), times(drop.times()));
    } else if (change instanceof NetChange.Duplicate dup) {
      return new LinkRule.Duplicate(match(dup.type(), dup.from(), dup.to()), times(dup.times()));
    } else if (change instanceof NetChange.Delay delay) {
      return new LinkRule.Delay(
          match(delay.type(), delay.from(), delay.to()), delay.by(), times(delay.times()));
    } else if (change instanceof NetChange.Cut cut) {
      return new LinkRule.Cut(address(cut.node()));
    } else if (change instanceof NetChange.Lossy lossy) {
      return new LinkRule.Lossy(
          address(lossy.a()),
          address(lossy.b()),
          lossy.dropPercent() / 100.0,
          lossy.duplicatePercent() / 100.0,
          lossy.maxDelay());
    }
    throw new IllegalArgumentException("not a rule: " + change);
  }

  private LinkRule.Match match(String type, String from, String to) {
    return new LinkRule.Match(node(from), node(to), any(type));
  }

  private Optional<InetSocketAddress> node(String name) {
    return any(name).map(this::address);
  }

  private static Optional<String> any(String value) {
    return value.equals(NetChange.ANY) ? Optional.empty() : Optional.of(value);
  }

  private static int times(Optional<Integer> times) {
    return times.orElse(LinkRule.ALWAYS);
  }
}
