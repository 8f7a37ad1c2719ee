package udpchat.server;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import udpchat.console.Console;
import udpchat.console.ConsoleLines;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;

/**
 * A gateway's replica of the directory's table, with each name's session token: what it prints
 * and what it checks senders against. Owned by the gateway; {@link TablePublisher} sends it to the
 * clients.
 */
final class Roster {
  private final ClientRegistry table = new ClientRegistry();
  private final Map<String, String> tokens = new HashMap<>();
  private final Console console;
  private final int printedTableMax;
  private final int maxClients;
  /** The table version last printed. */
  private long printedVersion;

  Roster(ServerSettings settings, Console console) {
    this.console = console;
    this.printedTableMax = settings.chat().limits().printedTableMax();
    this.maxClients = settings.chat().limits().maxClients();
  }

  ClientRegistry table() {
    return table;
  }

  String tokenOf(String name) {
    return tokens.get(name);
  }

  /** Takes in a change of the directory's, and prints the table when an entry changed. */
  void apply(Directory.Changed change) {
    tokens.putAll(change.tokens());
    if (change.whole()) {
      table.restore(change.entries(), change.version());
      printedVersion = change.version();
      return;
    }
    for (ClientEntry entry : change.entries()) {
      table.update(entry, change.version());
    }
    if (!change.entries().isEmpty()) {
      print();
    }
  }

  /** Empty when a datagram from {@code source} may speak for {@code name} as far as the table says. */
  Optional<String> refusal(String name, InetSocketAddress source) {
    Optional<ClientEntry> client = table.get(name);
    if (client.isEmpty()) {
      return Optional.of("no client named " + name + " is registered");
    } else if (!client.get().isAt(source)) {
      return Optional.of(name + " is registered from another address");
    }
    return Optional.empty();
  }

  /** A new name would not fit. */
  boolean isFullFor(String name) {
    return table.get(name).isEmpty() && table.size() >= maxClients;
  }

  /** No client other than {@code name} is online at {@code source}: a socket is one client's. */
  boolean isAddressFree(InetSocketAddress source, String name) {
    return table.othersOnlineAt(source, name).isEmpty();
  }

  boolean isOfflineAt(String name, InetSocketAddress source) {
    return table.get(name).map(client -> !client.online() && client.isAt(source)).orElse(false);
  }

  /**
   * Every client but {@code sender} (null: every client): the offline ones' names, the online
   * ones as targets.
   */
  void othersThan(String sender, List<String> offline, List<Gateway.Target> online) {
    for (ClientEntry client : table.all()) {
      if (client.name().equals(sender)) {
        continue;
      }
      if (client.online()) {
        online.add(new Gateway.Target(client.name(), client.address(), tokens.get(client.name())));
      } else {
        offline.add(client.name());
      }
    }
  }

  /**
   * The seed's table line; a table bigger than {@code printed-table-max} prints only what changed
   * since the last line, so a change costs the console the same at any size.
   */
  private void print() {
    console.line(ConsoleLines.tableUpdated());
    if (table.size() <= printedTableMax) {
      console.raw(table.snapshot().toSeedString());
    } else {
      List<ClientEntry> changed = table.changedSince(printedVersion);
      console.raw(ConsoleLines.tableChanges(
          ClientTable.of(changed).toSeedString(), changed.size(), table.size()));
    }
    printedVersion = table.version();
  }
}
