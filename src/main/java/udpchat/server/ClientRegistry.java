package udpchat.server;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;

/**
 * The server's client table: name → entry, in first-registration order. A name, once registered,
 * belongs to the address that registered it and is never removed. Owned by the registry actor.
 */
final class ClientRegistry {
  private final Map<String, ClientEntry> entries = new LinkedHashMap<>();

  Optional<ClientEntry> get(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  /** Every client, in first-registration order. */
  List<ClientEntry> all() {
    return List.copyOf(entries.values());
  }

  List<ClientEntry> online() {
    return entries.values().stream().filter(ClientEntry::online).toList();
  }

  /** Adds a new name, online at {@code address}. */
  void add(String name, InetSocketAddress address) {
    add(ClientEntry.at(name, address, true));
  }

  /** Adds a new name as {@code entry} says (a registration, or a row of a snapshot). */
  void add(ClientEntry entry) {
    if (entries.containsKey(entry.name())) {
      throw new IllegalStateException(entry.name() + " is already registered");
    }
    entries.put(entry.name(), entry);
  }

  /** Marks a registered client online or offline; true if that changed the table. */
  boolean setOnline(String name, boolean online) {
    ClientEntry entry = entries.get(name);
    if (entry == null || entry.online() == online) {
      return false;
    }
    entries.put(name, entry.withOnline(online));
    return true;
  }

  /** The online clients other than {@code name} whose registered socket is {@code address}. */
  List<ClientEntry> othersOnlineAt(InetSocketAddress address, String name) {
    List<ClientEntry> others = new ArrayList<>();
    for (ClientEntry entry : entries.values()) {
      if (entry.online() && !entry.name().equals(name) && entry.isAt(address)) {
        others.add(entry);
      }
    }
    return others;
  }

  ClientTable snapshot() {
    return ClientTable.of(entries.values());
  }
}
