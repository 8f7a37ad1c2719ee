package udpchat.client;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;
import udpchat.protocol.Packet;

/**
 * The client's copy of the server's table, and its version. The server sends the whole table once
 * (conf_reg and, for a big table, table_update parts with base 0), then only changes: the entries
 * that changed after version {@code base} up to {@code version}, in parts when they are many.
 * Parts are kept until all of one update are in, then applied together, in order.
 *
 * <p>Updates are best effort. An update that starts after the version this copy has (one was
 * missed), or parts that do not all come, mean asking the server for the changes after the version
 * held: {@link #wantsSync()} says so, and the client sends table_sync and starts a timer; each
 * timeout asks again, a few times at most, until an update completes. Used only from inside the
 * client actor (and by the benchmark's simulated clients, which keep the table by the same
 * rules).
 */
public final class TableReplica {

  /** The parts of one update that have come so far. */
  private record Assembly(long base, long version, int parts, Map<Integer, ClientTable> got) {
    Assembly(Packet.TableUpdate first) {
      this(first.base(), first.version(), first.parts(), new TreeMap<>());
    }

    boolean isOf(Packet.TableUpdate update) {
      return update.base() == base && update.version() == version && update.parts() == parts;
    }

    boolean complete() {
      return got.size() == parts;
    }
  }

  private final Map<String, ClientEntry> entries = new LinkedHashMap<>();
  private final Collection<ClientEntry> view = Collections.unmodifiableCollection(entries.values());
  private final int syncAttempts;
  private long version;
  private Assembly assembly;
  /** Asks left before the replica waits for the next update to notice it is behind. */
  private int syncsLeft;
  private boolean behind;
  /**
   * The newest version any update has shown: a sync answered by a server whose table lags (another
   * node of a cluster) leaves this copy behind it, and the timer asks again.
   */
  private long newestSeen;

  /** @param syncAttempts how many table_syncs one gap or missing part is worth */
  public TableReplica(int syncAttempts) {
    this.syncAttempts = syncAttempts;
  }

  public Optional<ClientEntry> get(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  /** Every entry, in first-registration order (a live view). */
  public Collection<ClientEntry> entries() {
    return view;
  }

  public long version() {
    return version;
  }

  /** What the client does after handing the replica an update. */
  public enum Next {
    /** Nothing (the timer, if running, finds nothing missing when it fires). */
    NOTHING,
    /** Parts are missing: start (or restart) the timer. */
    START_TIMER,
    /** An update was missed: send table_sync now and start the timer. */
    ASK_NOW
  }

  /** The registration's answer: a new table, whole in conf_reg or its first part. */
  public Next confirmed(Packet.ConfReg confReg) {
    entries.clear();
    version = 0;
    newestSeen = 0;
    assembly = null;
    behind = false;
    return take(new Packet.TableUpdate(
        confReg.version(), 0, 1, confReg.parts(), confReg.table(), confReg.token()));
  }

  /** A table_update from the server. */
  public Next take(Packet.TableUpdate update) {
    newestSeen = Math.max(newestSeen, update.version());
    if (update.version() < version || (update.version() == version && update.base() != 0)) {
      if (update.version() == version && assembly == null) {
        behind = version < newestSeen; // the answer to a sync that found nothing new
      }
      return Next.NOTHING; // older than what this replica has
    }
    if (update.base() > version) {
      return fellBehind();
    }
    Next next = Next.NOTHING;
    if (assembly == null || (!assembly.isOf(update) && update.version() >= assembly.version())) {
      // A newer update (or the answer to a sync) replaces one still being put together.
      assembly = new Assembly(update);
      syncsLeft = syncAttempts;
      next = Next.START_TIMER;
    } else if (!assembly.isOf(update)) {
      return Next.NOTHING; // older than the one being put together
    }
    assembly.got().put(update.part(), update.table());
    if (!assembly.complete()) {
      return next;
    }
    apply(assembly);
    assembly = null;
    behind = version < newestSeen;
    return Next.NOTHING;
  }

  /** True while an update is half in, or a missed one has been asked for. */
  public boolean waiting() {
    return assembly != null || behind;
  }

  /** Merges entries the server sent outside an update (with "[Client x exists!!]"). */
  void merge(ClientTable table) {
    table.entries().values().forEach(entry -> entries.put(entry.name(), entry));
  }

  /**
   * The timer is up: true to ask the server (again) for the changes after {@link #version()} and
   * restart the timer; false when nothing is missing any more, or the asks for it are spent (the
   * next update that finds a gap starts over).
   */
  public boolean timedOut() {
    if (assembly == null && !behind) {
      return false;
    }
    if (syncsLeft <= 0) {
      assembly = null;
      behind = false;
      return false;
    }
    syncsLeft--;
    return true;
  }

  private Next fellBehind() {
    if (behind) {
      return Next.NOTHING; // asked already; the timer is running
    }
    behind = true;
    assembly = null;
    syncsLeft = syncAttempts - 1; // this first ask counts
    return Next.ASK_NOW;
  }

  private void apply(Assembly done) {
    if (done.base() == 0) {
      entries.clear();
    }
    // Entries are whole rows: a changed one replaces the old row in place, a new name goes last.
    done.got().values().forEach(this::merge);
    version = done.version();
  }
}
