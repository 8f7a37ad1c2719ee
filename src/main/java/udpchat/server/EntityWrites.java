package udpchat.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.japi.function.Procedure;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import udpchat.metrics.ServerMetrics;

/**
 * How a client's entity writes its events: each write's latency is counted, and the mailbox size
 * it leaves goes to the gauges.
 *
 * <p>Stores are written by group commit. An event-sourced behaviour writes one command's events at
 * a time and holds the commands that come meanwhile, so a burst of stores for one client would be
 * one journal round trip each. Instead a store is held back ({@link #later}) and the entity tells
 * itself {@code flush}: the stores held by the write under way, handed in one after the other once
 * it ends, all come before that flush, and go to the journal as one write (the JDBC journal inserts
 * one write's events in one batch, in one transaction). Each store's answer is given only once its
 * own event is written. Any other write takes the held stores first, so the journal's order is
 * still the order the commands came in; decisions look at {@link #ahead}, the state as it will be.
 */
final class EntityWrites {
  private final String name;
  private final EffectFactories<ClientEvent, ClientState> effects;
  private final ServerMetrics metrics;
  private final ActorRef<ClientProtocol.Command> self;
  private final ClientProtocol.Command flush;
  /** Events held back for the next write, and what each of their commands does once written. */
  private final List<ClientEvent> held = new ArrayList<>();
  private final List<Procedure<ClientState>> heldThen = new ArrayList<>();
  /** The state with the held events applied, while any are held. */
  private ClientState ahead;

  EntityWrites(String name, EffectFactories<ClientEvent, ClientState> effects,
      ServerMetrics metrics, ActorRef<ClientProtocol.Command> self, ClientProtocol.Command flush) {
    this.name = name;
    this.effects = effects;
    this.metrics = metrics;
    this.self = self;
    this.flush = flush;
  }

  Effect<ClientEvent, ClientState> none() {
    return effects.none();
  }

  /** The state once what is held back is written: what the entity's decisions go by. */
  ClientState ahead(ClientState state) {
    return heldThen.isEmpty() ? state : ahead;
  }

  /** Something is held back for the next write: the entity is not idle. */
  boolean isHolding() {
    return !heldThen.isEmpty();
  }

  /**
   * Holds {@code events} back for the next write (the flush, unless another write comes first);
   * {@code then} runs once they are written. With no events, {@code then} waits for what is held.
   */
  Effect<ClientEvent, ClientState> later(
      ClientState state, List<ClientEvent> events, Procedure<ClientState> then) {
    ClientState next = ahead(state);
    for (ClientEvent event : events) {
      next = next.apply(event);
    }
    if (heldThen.isEmpty()) {
      self.tell(flush);
    }
    ahead = next;
    held.addAll(events);
    heldThen.add(then);
    return effects.none();
  }

  /** Writes what is held back, if anything. */
  EffectBuilder<ClientEvent, ClientState> flush() {
    return write(List.of(), after -> {});
  }

  /** Writes {@code event} if it {@code changes} anything, then (either way) {@code then}. */
  EffectBuilder<ClientEvent, ClientState> persistIf(
      boolean changes, ClientEvent event, Procedure<ClientState> then) {
    return write(changes ? List.of(event) : List.of(), then);
  }

  /**
   * Writes what is held back and {@code events} (nothing at all: no write), then runs what the
   * held commands do and {@code then}.
   */
  EffectBuilder<ClientEvent, ClientState> write(
      List<ClientEvent> events, Procedure<ClientState> then) {
    if (heldThen.isEmpty() && events.isEmpty()) {
      return effects.none().thenRun(then);
    }
    List<ClientEvent> all = new ArrayList<>(held);
    all.addAll(events);
    List<Procedure<ClientState>> thens = new ArrayList<>(heldThen);
    thens.add(then);
    held.clear();
    heldThen.clear();
    ahead = null;
    if (all.isEmpty()) {
      return effects.none().thenRun(after -> runAll(thens, after));
    }
    // Monotonic, for the journal-latency metric only; nothing the server decides depends on it.
    long started = System.nanoTime();
    return effects.persist(all).thenRun(after -> {
      metrics.journalWritten(Duration.ofNanos(System.nanoTime() - started));
      metrics.mailboxSize(name, after.mailbox().size());
      runAll(thens, after);
    });
  }

  private static void runAll(List<Procedure<ClientState>> thens, ClientState after)
      throws Exception {
    for (Procedure<ClientState> then : thens) {
      then.apply(after);
    }
  }
}
