package udpchat.server;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.japi.function.Procedure;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import udpchat.metrics.ServerMetrics;

/**
 * How a client's entity writes its events: each write's latency is counted, and the mailbox size
 * it leaves goes to the gauges.
 */
final class EntityWrites {
  private final String name;
  private final EffectFactories<ClientEvent, ClientState> effects;
  private final ServerMetrics metrics;

  EntityWrites(
      String name, EffectFactories<ClientEvent, ClientState> effects, ServerMetrics metrics) {
    this.name = name;
    this.effects = effects;
    this.metrics = metrics;
  }

  Effect<ClientEvent, ClientState> none() {
    return effects.none();
  }

  /** Writes {@code event} if it {@code changes} anything, then (either way) {@code then}. */
  Effect<ClientEvent, ClientState> persistIf(
      boolean changes, ClientEvent event, Procedure<ClientState> then) {
    return write(changes ? List.of(event) : List.of(), then);
  }

  /** Writes {@code events} (none: nothing to write), then runs {@code then}. */
  Effect<ClientEvent, ClientState> write(List<ClientEvent> events, Procedure<ClientState> then) {
    if (events.isEmpty()) {
      return effects.none().thenRun(then);
    }
    // Monotonic, for the journal-latency metric only; nothing the server decides depends on it.
    long started = System.nanoTime();
    return effects.persist(events).thenRun(after -> {
      metrics.journalWritten(Duration.ofNanos(System.nanoTime() - started));
      metrics.mailboxSize(name, after.mailbox().size());
      then.apply(after);
    });
  }
}
