package udpchat.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;
import udpchat.protocol.Packet;

/**
 * A simulated client's copy of the server's table, kept by the protocol's rules (README, "table
 * in parts and deltas"; the same rules as the real client's replica): conf_reg and its base-0
 * parts give the whole table, then an update applies when all its parts are in and base &lt;= its
 * version &lt; the update's version; an update with base after its version means one was missed,
 * so the client asks with table_sync; parts that do not all come in time are asked for too, a few
 * times at most. Only a few clients of the generator keep one: it is what the registration check
 * compares with the server's table.
 */
final class TrackedTable {
  /** What the generator does after handing the table an update. */
  enum Next {
    NOTHING,
    /** Parts are missing: (re)start the timer. */
    START_TIMER,
    /** An update was missed: send table_sync now and start the timer. */
    ASK_NOW
  }

  private record Assembly(long base, long version, int parts, Map<Integer, ClientTable> got) {
    boolean isOf(Packet.TableUpdate update) {
      return update.base() == base && update.version() == version && update.parts() == parts;
    }
  }

  private final Map<String, ClientEntry> entries = new LinkedHashMap<>();
  private final int syncAttempts;
  private long version;
  private Assembly assembly;
  private int syncsLeft;
  private boolean behind;
  private int syncsSent;
  private int updatesApplied;

  TrackedTable(int syncAttempts) {
    this.syncAttempts = syncAttempts;
  }

  long version() {
    return version;
  }

  List<ClientEntry> entries() {
    return new ArrayList<>(entries.values());
  }

  int syncsSent() {
    return syncsSent;
  }

  int updatesApplied() {
    return updatesApplied;
  }

  /** True while an update is half in, or a missed one has been asked for. */
  boolean incomplete() {
    return assembly != null || behind;
  }

  Next confirmed(Packet.ConfReg confReg) {
    entries.clear();
    version = 0;
    assembly = null;
    behind = false;
    return take(new Packet.TableUpdate(
        confReg.version(), 0, 1, confReg.parts(), confReg.table(), confReg.token()));
  }

  Next take(Packet.TableUpdate update) {
    if (update.version() < version || (update.version() == version && update.base() != 0)) {
      if (update.version() == version && assembly == null) {
        behind = false;
      }
      return Next.NOTHING;
    }
    if (update.base() > version) {
      if (behind) {
        return Next.NOTHING;
      }
      behind = true;
      assembly = null;
      syncsLeft = syncAttempts - 1;
      return Next.ASK_NOW;
    }
    Next next = Next.NOTHING;
    if (assembly == null || (!assembly.isOf(update) && update.version() >= assembly.version())) {
      assembly = new Assembly(update.base(), update.version(), update.parts(), new TreeMap<>());
      syncsLeft = syncAttempts;
      next = Next.START_TIMER;
    } else if (!assembly.isOf(update)) {
      return Next.NOTHING;
    }
    assembly.got().put(update.part(), update.table());
    if (assembly.got().size() < assembly.parts()) {
      return next;
    }
    if (assembly.base() == 0) {
      entries.clear();
    }
    assembly.got().values().forEach(part -> entries.putAll(part.entries()));
    version = assembly.version();
    assembly = null;
    behind = false;
    updatesApplied++;
    return Next.NOTHING;
  }

  /** The timer is up: true to send table_sync (again). */
  boolean timedOut() {
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

  void syncSent() {
    syncsSent++;
  }
}
