package udpchat.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A journal that keeps events as objects in this process, each write and delete in time
 * proportional to its own size: the baseline the durable journals are measured against (Pekko's
 * own in-memory journals rewrite their whole store on a write or a delete).
 */
public class MemoryJournal extends AsyncWriteJournal {
  private final Map<String, TreeMap<Long, PersistentRepr>> events = new HashMap<>();
  private final Map<String, Long> highest = new HashMap<>();

  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> writes) {
    List<Optional<Exception>> results = new ArrayList<>();
    for (AtomicWrite write : writes) {
      for (PersistentRepr event : CollectionConverters.asJava(write.payload())) {
        events.computeIfAbsent(event.persistenceId(), id -> new TreeMap<>())
            .put(event.sequenceNr(), event);
        highest.merge(event.persistenceId(), event.sequenceNr(), Math::max);
      }
      results.add(Optional.empty());
    }
    return Futures.successful(results);
  }

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    TreeMap<Long, PersistentRepr> stored = events.get(persistenceId);
    if (stored != null) {
      stored.headMap(toSequenceNr, true).clear();
    }
    return Futures.successful(null);
  }

  @Override
  public Future<Void> doAsyncReplayMessages(
      String persistenceId, long from, long to, long max, Consumer<PersistentRepr> replay) {
    TreeMap<Long, PersistentRepr> stored = events.getOrDefault(persistenceId, new TreeMap<>());
    stored.subMap(from, true, to, true).values().stream().limit(max).forEach(replay);
    return Futures.successful(null);
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long from) {
    return Futures.successful(highest.getOrDefault(persistenceId, 0L));
  }
}
