package udpchat.testing.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The simulated network: routes datagrams by address between {@link SimSocket}s and applies the
 * {@link LinkRule}s. An actor, so every delivery is a message in a mailbox and the run stays
 * deterministic; delays are timers, so they follow {@code ManualTime}.
 */
final class SimRouter {
  sealed interface Command {}

  record Attach(InetSocketAddress address, ActorRef<SimSocket.FromNetwork> socket)
      implements Command {}

  record Detach(InetSocketAddress address, ActorRef<SimSocket.FromNetwork> socket)
      implements Command {}

  /** A datagram on the wire; also how raw bytes are injected. */
  record Datagram(InetSocketAddress from, InetSocketAddress to, byte[] bytes) implements Command {}

  record AddRule(LinkRule rule) implements Command {}

  /** Starts an outage, ahead of every other rule, and ends it after {@code lasting}. */
  record AddOutage(LinkRule.Outage outage, Duration lasting) implements Command {}

  /** Removes every rule that involves {@code node}, or every rule when empty. */
  record Heal(Optional<InetSocketAddress> node) implements Command {}

  private record DelayedArrival(Datagram datagram) implements Command {}

  private record OutageOver(ActiveRule outage) implements Command {}

  /** A rule and how many more datagrams it applies to. */
  private static final class ActiveRule {
    final LinkRule rule;
    int left;

    ActiveRule(LinkRule rule, int left) {
      this.rule = rule;
      this.left = left;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final Random random;
  private final Map<InetSocketAddress, ActorRef<SimSocket.FromNetwork>> sockets = new HashMap<>();
  private final List<ActiveRule> rules = new ArrayList<>();
  private final Map<String, Integer> lossyDrops = new HashMap<>();
  private long delayedCount;

  private SimRouter(ActorContext<Command> context, TimerScheduler<Command> timers, long seed) {
    this.context = context;
    this.timers = timers;
    this.random = new Random(seed);
  }

  static Behavior<Command> create(long seed) {
    return Behaviors.setup(
        context -> Behaviors.withTimers(timers -> new SimRouter(context, timers, seed).routing()));
  }

  private Behavior<Command> routing() {
    return Behaviors.receive(Command.class)
        .onMessage(Attach.class, this::onAttach)
        .onMessage(Detach.class, this::onDetach)
        .onMessage(Datagram.class, this::onDatagram)
        .onMessage(DelayedArrival.class, delayed -> arriveUnlessDown(delayed.datagram()))
        .onMessage(AddRule.class, this::onAddRule)
        .onMessage(AddOutage.class, this::onAddOutage)
        .onMessage(OutageOver.class, over -> onOutageOver(over.outage()))
        .onMessage(Heal.class, this::onHeal)
        .build();
  }

  private Behavior<Command> onAttach(Attach attach) {
    if (sockets.containsKey(attach.address())) {
      attach.socket().tell(new SimSocket.AddressInUse());
    } else {
      sockets.put(attach.address(), attach.socket());
      attach.socket().tell(new SimSocket.Attached());
    }
    return Behaviors.same();
  }

  private Behavior<Command> onDetach(Detach detach) {
    sockets.remove(detach.address(), detach.socket());
    return Behaviors.same();
  }

  private Behavior<Command> onAddRule(AddRule add) {
    rules.add(new ActiveRule(add.rule(), add.rule().times()));
    return Behaviors.same();
  }

  private Behavior<Command> onAddOutage(AddOutage add) {
    ActiveRule active = new ActiveRule(add.outage(), LinkRule.ALWAYS);
    rules.add(0, active);
    timers.startSingleTimer(new OutageOver(active), add.lasting());
    context.getLog().debug("sim outage {} for {}", add.outage(), add.lasting());
    return Behaviors.same();
  }

  private Behavior<Command> onOutageOver(ActiveRule outage) {
    rules.remove(outage);
    return Behaviors.same();
  }

  private Behavior<Command> onHeal(Heal heal) {
    rules.removeIf(active -> heal.node().map(active.rule::involves).orElse(true));
    return Behaviors.same();
  }

  private Behavior<Command> onDatagram(Datagram datagram) {
    String type = typeOf(datagram.bytes());
    ActiveRule active = firstRuleFor(datagram, type);
    if (active == null) {
      return arrive(datagram);
    }
    if (active.left != LinkRule.ALWAYS && --active.left == 0) {
      rules.remove(active);
    }
    LinkRule rule = active.rule;
    if (rule instanceof LinkRule.Drop) {
      trace("dropped", datagram, type);
    } else if (rule instanceof LinkRule.Outage) {
      trace("lost in an outage", datagram, type);
    } else if (rule instanceof LinkRule.Cut) {
      trace("cut off", datagram, type);
    } else if (rule instanceof LinkRule.Duplicate) {
      trace("duplicated", datagram, type);
      arrive(datagram);
      arrive(datagram);
    } else if (rule instanceof LinkRule.Delay delay) {
      later(datagram, delay.by());
    } else if (rule instanceof LinkRule.Lossy lossy) {
      lossy(datagram, type, lossy);
    }
    return Behaviors.same();
  }

  private ActiveRule firstRuleFor(Datagram datagram, String type) {
    for (ActiveRule active : rules) {
      if (active.rule.applies(datagram.from(), datagram.to(), type)) {
        return active;
      }
    }
    return null;
  }

  /** The random draws happen in the same order for every datagram, so a seed fixes the run. */
  private void lossy(Datagram datagram, String type, LinkRule.Lossy lossy) {
    boolean lose = random.nextDouble() < lossy.dropRate();
    boolean twice = random.nextDouble() < lossy.duplicateRate();
    long firstDelay = randomDelay(lossy.maxDelay());
    long secondDelay = randomDelay(lossy.maxDelay());
    String key = datagram.from() + ">" + datagram.to() + ":" + bytesKey(datagram.bytes());
    int lost = lossyDrops.getOrDefault(key, 0);
    if (lose && lost < LinkRule.Lossy.MAX_LOSSES_PER_DATAGRAM) {
      lossyDrops.put(key, lost + 1);
      trace("lost", datagram, type);
      return;
    }
    later(datagram, Duration.ofMillis(firstDelay));
    if (twice) {
      trace("duplicated", datagram, type);
      later(datagram, Duration.ofMillis(secondDelay));
    }
  }

  private long randomDelay(Duration max) {
    return max.isZero() ? 0 : random.nextInt((int) max.toMillis() + 1);
  }

  private void later(Datagram datagram, Duration delay) {
    if (delay.isZero()) {
      arrive(datagram);
    } else {
      timers.startSingleTimer(delayedCount++, new DelayedArrival(datagram), delay);
    }
  }

  /** A copy held back by a delay is lost too if its link went down meanwhile. */
  private Behavior<Command> arriveUnlessDown(Datagram datagram) {
    String type = typeOf(datagram.bytes());
    boolean down =
        rules.stream()
            .anyMatch(
                active ->
                    active.rule instanceof LinkRule.Outage
                        && active.rule.applies(datagram.from(), datagram.to(), type));
    if (down) {
      trace("lost in an outage", datagram, type);
      return Behaviors.same();
    }
    return arrive(datagram);
  }

  private Behavior<Command> arrive(Datagram datagram) {
    ActorRef<SimSocket.FromNetwork> socket = sockets.get(datagram.to());
    if (socket == null) {
      trace("nobody at the address for", datagram, typeOf(datagram.bytes()));
    } else {
      socket.tell(new SimSocket.Arrive(datagram.bytes(), datagram.from()));
    }
    return Behaviors.same();
  }

  private void trace(String what, Datagram datagram, String type) {
    context.getLog().debug("sim {} {} {} -> {}", what, type, datagram.from(), datagram.to());
  }

  /** The packet's "type" for matching rules; "?" for bytes that are not a JSON object with one. */
  static String typeOf(byte[] bytes) {
    try {
      return JSON.readTree(bytes).path("type").asText("?");
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static String bytesKey(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
