package udpchat.bench;

import java.util.ArrayList;
import java.util.List;
import udpchat.client.TableReplica;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.Packet;

/**
 * A simulated client's copy of the server's table: the real client's {@link TableReplica} (the
 * same rules: whole table from conf_reg and its parts, then changes; table_sync on a gap or a
 * missing part), with counts of what it took and asked for. Only a few clients of the generator
 * keep one: it is what the registration check compares with the server's table.
 */
final class TrackedTable {
  private final TableReplica replica;
  private int syncsSent;
  private int updatesApplied;

  TrackedTable(int syncAttempts) {
    this.replica = new TableReplica(syncAttempts);
  }

  long version() {
    return replica.version();
  }

  List<ClientEntry> entries() {
    return new ArrayList<>(replica.entries());
  }

  int syncsSent() {
    return syncsSent;
  }

  int updatesApplied() {
    return updatesApplied;
  }

  /** True while an update is half in, or a missed one has been asked for. */
  boolean incomplete() {
    return replica.waiting();
  }

  TableReplica.Next confirmed(Packet.ConfReg confReg) {
    TableReplica.Next next = replica.confirmed(confReg);
    if (!replica.waiting()) {
      updatesApplied++; // the whole table came in conf_reg
    }
    return next;
  }

  TableReplica.Next take(Packet.TableUpdate update) {
    long before = replica.version();
    TableReplica.Next next = replica.take(update);
    if (replica.version() != before) {
      updatesApplied++;
    }
    return next;
  }

  /** The timer is up: true to send table_sync (again). */
  boolean timedOut() {
    return replica.timedOut();
  }

  void syncSent() {
    syncsSent++;
  }
}
