package udpchat.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import scala.concurrent.Future;
import scala.concurrent.Promise;

/**
 * A journal in memory whose writes end when the test says so: a test sees how an entity's events
 * were grouped into writes, and what the entity does while a write is under way. Each {@link
 * AtomicWrite} (one {@code persist} of an entity) is one write here, as it is one batch insert for
 * the JDBC journal.
 */
public final class HeldJournal extends MemoryJournal {

  /** The test's side: which writes came, and when the held ones end. One per test JVM. */
  public static final Writes WRITES = new Writes();

  /** This journal as the actor system's default journal, snapshots in Pekko's test store. */
  static Config config() {
    return ConfigFactory.parseString("""
        pekko.persistence.journal.plugin = "udpchat-held-journal"
        udpchat-held-journal {
          class = "udpchat.server.HeldJournal"
          plugin-dispatcher = "pekko.actor.default-dispatcher"
        }
        """);
  }

  /** One write: whose events, and how many. */
  public record Write(String persistenceId, int events) {}

  /** Shared by the journal's actor and the test's thread, so every method is synchronized. */
  public static final class Writes {
    private final List<Write> seen = new ArrayList<>();
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;

    /** From now on writes are kept under way until {@link #release}. */
    public synchronized void hold() {
      holding = true;
    }

    /** Ends the writes under way; later ones are held again while holding. */
    public synchronized void release() {
      List<Runnable> ending = List.copyOf(held);
      held.clear();
      ending.forEach(Runnable::run);
    }

    /** Ends the writes under way and holds no more. */
    public synchronized void reset() {
      holding = false;
      release();
      seen.clear();
    }

    /** The writes of {@code persistenceId} so far, oldest first. */
    public synchronized List<Write> of(String persistenceId) {
      return seen.stream().filter(write -> write.persistenceId().equals(persistenceId)).toList();
    }

    /** How many writes are under way, held. */
    public synchronized int held() {
      return held.size();
    }

    private synchronized Future<Iterable<Optional<Exception>>> written(
        Write write, int atomicWrites) {
      seen.add(write);
      Iterable<Optional<Exception>> results =
          Collections.nCopies(atomicWrites, Optional.empty());
      if (!holding) {
        return Futures.successful(results);
      }
      Promise<Iterable<Optional<Exception>>> promise = Futures.promise();
      held.add(() -> promise.success(results));
      return promise.future();
    }
  }

  /** Stored at once, as by {@link MemoryJournal}; the answer waits while the test holds it. */
  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> writes) {
    super.doAsyncWriteMessages(writes);
    // The entities write one AtomicWrite at a time, so each call is one entity's one write.
    String persistenceId = null;
    int count = 0;
    int atomicWrites = 0;
    for (AtomicWrite write : writes) {
      atomicWrites++;
      persistenceId = write.persistenceId();
      count += write.size();
    }
    return WRITES.written(new Write(persistenceId, count), atomicWrites);
  }
}
