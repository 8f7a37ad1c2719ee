package udpchat.server;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;

/**
 * The server's client table: name → entry, in first-registration order. A name, once registered,
 * belongs to the address that registered it and is never removed. Owned by the registry actor.
 *
 * <p>The table has a version: every change (a new name, a client going online or offline) adds
 * one, and each entry remembers the version of its last change. So "what changed after version
 * v" is a question the table answers by itself ({@link #changedSince}): a broadcast sends only
 * that, and a client that missed one asks for it again with the version it has.
 */
final class ClientRegistry {
  /** One entry and the table version at which it last changed. */
  private record Row(ClientEntry entry, long changedAt) {}

  /** A socket address, as the table writes it. */
  private record Address(String ip, int port) {
    static Address of(ClientEntry entry) {
      return new Address(entry.ip(), entry.port());
    }

    static Address of(InetSocketAddress address) {
      return new Address(address.getAddress().getHostAddress(), address.getPort());
    }
  }

  private final Map<String, Row> rows = new LinkedHashMap<>();
  /** The names in first-registration order: the entries added after the first n, at once. */
  private final List<String> order = new ArrayList<>();
  /** How many times an entry already in the table changed (a name added is not counted). */
  private long inPlaceChanges;
  /** The online clients at each address (normally one): who held an address before. */
  private final Map<Address, List<String>> onlineAt = new HashMap<>();
  private long version;

  Optional<ClientEntry> get(String name) {
    Row row = rows.get(name);
    return row == null ? Optional.empty() : Optional.of(row.entry());
  }

  int size() {
    return rows.size();
  }

  /** The table's version: how many changes it has seen. */
  long version() {
    return version;
  }

  /** Every client, in first-registration order. */
  List<ClientEntry> all() {
    List<ClientEntry> all = new ArrayList<>(rows.size());
    rows.values().forEach(row -> all.add(row.entry()));
    return all;
  }

  /** The clients after the first {@code count}, in first-registration order. */
  List<ClientEntry> after(int count) {
    List<ClientEntry> added = new ArrayList<>(Math.max(0, order.size() - count));
    for (String name : order.subList(Math.min(count, order.size()), order.size())) {
      added.add(rows.get(name).entry());
    }
    return added;
  }

  /**
   * How many times an entry already in the table has changed: while this stays the same, the
   * table only grows, its earlier entries the same objects in the same order.
   */
  long inPlaceChanges() {
    return inPlaceChanges;
  }

  List<ClientEntry> online() {
    List<ClientEntry> online = new ArrayList<>();
    rows.values().forEach(row -> {
      if (row.entry().online()) {
        online.add(row.entry());
      }
    });
    return online;
  }

  /**
   * The entries that changed after table version {@code since}, in first-registration order: the
   * whole table for 0, nothing for the current version.
   */
  List<ClientEntry> changedSince(long since) {
    List<ClientEntry> changed = new ArrayList<>();
    if (since >= version) {
      return changed;
    }
    rows.values().forEach(row -> {
      if (row.changedAt() > since) {
        changed.add(row.entry());
      }
    });
    return changed;
  }

  /** Adds a new name, online at {@code address}. */
  void add(String name, InetSocketAddress address) {
    add(ClientEntry.at(name, address, true));
  }

  /** Adds a new name as {@code entry} says (a registration): a change of the table. */
  void add(ClientEntry entry) {
    if (rows.containsKey(entry.name())) {
      throw new IllegalStateException(entry.name() + " is already registered");
    }
    // Most clients share a handful of host addresses: one string each, not one per client.
    ClientEntry shared =
        new ClientEntry(entry.name(), entry.ip().intern(), entry.port(), entry.online());
    put(shared, ++version);
  }

  /**
   * Puts back the table a snapshot describes, at its version. Which entry changed when is not in
   * the snapshot, so each counts as changed at that version: a client that asks for the changes
   * after an older one gets the whole table, which is never wrong.
   */
  void restore(List<ClientEntry> entries, long snapshotVersion) {
    // A snapshot from before tables had versions says 0: its entries must still count as changed
    // after version 0, or the whole table (the changes after 0) would leave them out.
    version = entries.isEmpty() ? snapshotVersion : Math.max(snapshotVersion, entries.size());
    inPlaceChanges++;
    entries.forEach(entry -> put(entry, version));
  }

  /**
   * A replica's copy of a change the directory made: the entry as it is at table version {@code
   * atVersion}, added or replacing the name's entry in place.
   */
  void update(ClientEntry entry, long atVersion) {
    Row row = rows.get(entry.name());
    if (row != null) {
      unindex(row.entry());
      inPlaceChanges++;
    }
    put(row == null
        ? new ClientEntry(entry.name(), entry.ip().intern(), entry.port(), entry.online())
        : entry, atVersion);
    version = Math.max(version, atVersion);
  }

  /** Marks a registered client online or offline; true if that changed the table. */
  boolean setOnline(String name, boolean online) {
    Row row = rows.get(name);
    if (row == null || row.entry().online() == online) {
      return false;
    }
    unindex(row.entry());
    put(row.entry().withOnline(online), ++version);
    inPlaceChanges++;
    return true;
  }

  /** The online clients other than {@code name} whose registered socket is {@code address}. */
  List<ClientEntry> othersOnlineAt(InetSocketAddress address, String name) {
    List<ClientEntry> others = new ArrayList<>();
    for (String holder : onlineAt.getOrDefault(Address.of(address), List.of())) {
      if (!holder.equals(name)) {
        others.add(rows.get(holder).entry());
      }
    }
    return others;
  }

  ClientTable snapshot() {
    return ClientTable.of(all());
  }

  private void put(ClientEntry entry, long changedAt) {
    if (rows.put(entry.name(), new Row(entry, changedAt)) == null) {
      order.add(entry.name());
    }
    if (entry.online()) {
      onlineAt.computeIfAbsent(Address.of(entry), address -> new ArrayList<>(1)).add(entry.name());
    }
  }

  private void unindex(ClientEntry entry) {
    if (!entry.online()) {
      return;
    }
    Address address = Address.of(entry);
    List<String> holders = onlineAt.get(address);
    holders.remove(entry.name());
    if (holders.isEmpty()) {
      onlineAt.remove(address);
    }
  }
}
