package udpchat.server;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import udpchat.console.Console;
import udpchat.console.ConsoleLines;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;
import udpchat.protocol.Packet;
import udpchat.protocol.Packet.ConfReg;
import udpchat.protocol.Packet.TableSync;
import udpchat.protocol.Packet.TableUpdate;
import udpchat.protocol.RecentRequests;

/**
 * A gateway's replica of the directory's table, with each name's session token: what it prints,
 * what it broadcasts, and what it checks senders against. Owned by the gateway; every method
 * returns the packets to send rather than sending them.
 */
final class Roster {
  /** A packet and where it goes. */
  record Outgoing(Packet packet, InetSocketAddress to) {}

  private final ClientRegistry table = new ClientRegistry();
  private final Map<String, String> tokens = new HashMap<>();
  private final Console console;
  private final int printedTableMax;
  private final int maxClients;
  private final TableParts tableParts;
  /** The table version last printed, and the one the last broadcast carried the clients to. */
  private long printedVersion;
  private long publishedVersion;
  /** The whole table in parts as the last registrant got it: most parts serve the next one. */
  private List<ClientTable> wholeTable = List.of();
  /** Clients offline only for their silence: they are sent the table's changes too. */
  private final Set<String> silent = new HashSet<>();
  /** Clients sent the whole table by conf_reg since the last broadcast, and its version. */
  private final Map<String, Long> confirmedAt = new HashMap<>();

  Roster(ServerSettings settings, Console console) {
    this.console = console;
    this.printedTableMax = settings.chat().limits().printedTableMax();
    this.maxClients = settings.chat().limits().maxClients();
    this.tableParts = new TableParts(settings.codec());
  }

  ClientRegistry table() {
    return table;
  }

  String tokenOf(String name) {
    return tokens.get(name);
  }

  /**
   * Takes in a change of the directory's: the table is printed, and the registrations it lists
   * are confirmed (conf_reg with the table as it is now). The change goes to the other clients
   * with the next {@link #broadcast}, together with every change that arrives before it.
   */
  List<Outgoing> apply(Directory.Changed change, RecentRequests fregs) {
    tokens.putAll(change.tokens());
    if (change.whole()) {
      table.restore(change.entries(), change.version());
      printedVersion = change.version();
      publishedVersion = change.version();
      return List.of();
    }
    for (ClientEntry entry : change.entries()) {
      if (change.silent().contains(entry.name())) {
        silent.add(entry.name());
      } else {
        silent.remove(entry.name());
      }
      table.update(entry, change.version());
    }
    if (!change.entries().isEmpty()) {
      print();
    }
    List<Outgoing> confirmations = new ArrayList<>();
    for (Gateway.Confirm confirm : change.confirms()) {
      confirmations.addAll(confirm(confirm, fregs));
    }
    return confirmations;
  }

  /** Changes that no broadcast has carried yet. */
  boolean hasUnpublished() {
    return table.version() > publishedVersion;
  }

  /**
   * The changes since the last broadcast to every online client (and every one offline only for
   * its silence: it may be alive, and if it sees itself offline it says so), in as many parts as
   * they take, each copy with its recipient's token; but not to a registrant whose conf_reg had
   * them all already.
   */
  List<Outgoing> broadcast() {
    long version = table.version();
    List<Outgoing> updates = new ArrayList<>();
    if (version > publishedVersion) {
      List<ClientTable> parts = tableParts.split(table.changedSince(publishedVersion));
      for (ClientEntry client : table.all()) {
        if (!client.online() && !silent.contains(client.name())) {
          continue;
        }
        Long confirmed = confirmedAt.get(client.name());
        if (confirmed == null || confirmed < version) {
          updates.addAll(
              parts(client.address(), publishedVersion, parts, 1, tokens.get(client.name())));
        }
      }
    }
    confirmedAt.clear();
    publishedVersion = version;
    return updates;
  }

  /**
   * conf_reg: the session token and the first part of the whole table; the other parts follow at
   * once as table_update (base 0). A repeated freg is confirmed again, with the same token and
   * the table as it is then; parts that went missing the client asks for with table_sync.
   */
  List<Outgoing> confirm(Gateway.Confirm confirm, RecentRequests fregs) {
    tokens.put(confirm.name(), confirm.token());
    List<ClientTable> parts = tableParts.split(table.all(), wholeTable);
    wholeTable = parts;
    long version = table.version();
    confirmedAt.put(confirm.name(), version);
    // Only the token is kept for a repeat: a table in each of thousands of remembered answers
    // would cost more than the table itself.
    fregs.replied(confirm.registrant(), confirm.fregId(),
        new ConfReg(confirm.fregId(), ClientTable.EMPTY, confirm.token()));
    List<Outgoing> packets = new ArrayList<>();
    packets.add(new Outgoing(new ConfReg(confirm.fregId(), version, parts.size(), parts.get(0),
        confirm.token()), confirm.registrant()));
    packets.addAll(parts(confirm.registrant(), 0, parts, 2, confirm.token()));
    return packets;
  }

  /** A client missed an update or a part: the changes after the version it has. */
  List<Outgoing> partsAfter(TableSync sync, InetSocketAddress to) {
    long version = table.version();
    // A client ahead of the server (it cannot be, but a peer may claim anything) starts afresh.
    long base = sync.version() <= version ? sync.version() : 0;
    List<ClientTable> parts = tableParts.split(table.changedSince(base));
    return parts(to, base, parts, 1, tokens.get(sync.name()));
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

  private List<Outgoing> parts(
      InetSocketAddress to, long base, List<ClientTable> parts, int first, String token) {
    long version = table.version();
    List<Outgoing> packets = new ArrayList<>();
    for (int part = first; part <= parts.size(); part++) {
      packets.add(new Outgoing(
          new TableUpdate(version, base, part, parts.size(), parts.get(part - 1), token), to));
    }
    return packets;
  }
}
