package udpchat.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import udpchat.protocol.ClientEntry;

/**
 * Does a client's table equal the server's? The generator follows the tables of a few clients
 * by the protocol's rules (table_sync when it finds a gap). Then a new client, the observer,
 * registers: its conf_reg (and parts) is the server's whole table, and its registration is one
 * more update for the others, which also shows a client that missed an earlier update that it
 * did. A followed table equals the server's when it has the observer's version and the same
 * entries in the same order. A table that differs is given one table_sync, as a real client's
 * timer would once it noticed, and checked again. Besides, every registered client must be in the
 * server's table, online, at its own address.
 *
 * @param equal every followed table equals the server's, and the server's lists every client
 * @param report what was found, for a person
 */
record TableCheck(boolean equal, String report) {

  static TableCheck run(LoadGenerator generator, List<SimulatedClient> clients,
      List<SimulatedClient> followed) throws IOException {
    SimulatedClient observer = generator.open(1, "observer").get(0);
    generator.track(observer);
    HeapGrowth.requireAll(generator.register(List.of(observer), 1, 30_000_000_000L), 1,
        "observer", generator.errorSamples());
    generator.runUntil(() -> observer.table.version() > 0 && !observer.table.incomplete(),
        10_000_000_000L);
    long version = observer.table.version();
    List<ClientEntry> server = observer.table.entries();
    generator.runUntil(
        () -> followed.stream().allMatch(c -> c.table.version() >= version && !c.table.incomplete()),
        5_000_000_000L);
    List<String> verdicts = new ArrayList<>();
    boolean allEqual = true;
    for (SimulatedClient client : followed) {
      boolean equal = client.table.version() == version && client.table.entries().equals(server);
      String how = "";
      if (!equal) {
        generator.sync(client);
        generator.runUntil(() -> client.table.version() >= version && !client.table.incomplete(),
            5_000_000_000L);
        equal = client.table.version() == version && client.table.entries().equals(server);
        how = equal ? " after a table_sync" : " (v" + client.table.version() + ", "
            + client.table.entries().size() + " entries)";
      }
      allEqual &= equal;
      verdicts.add(client.name + (equal ? " equal" : " DIFFERS") + how + ", "
          + client.table.syncsSent() + " table_sync, " + client.table.updatesApplied()
          + " updates applied");
    }
    String truth = groundTruth(server, clients);
    return new TableCheck(allEqual && truth.isEmpty(),
        "server table v" + version + ", " + server.size() + " entries" + truth + "; "
            + String.join("; ", verdicts));
  }

  /** Empty when every client is in the table at its own port, online; else what is wrong. */
  private static String groundTruth(List<ClientEntry> table, List<SimulatedClient> clients) {
    Map<String, ClientEntry> byName = new HashMap<>();
    table.forEach(entry -> byName.put(entry.name(), entry));
    int wrong = 0;
    for (SimulatedClient client : clients) {
      ClientEntry entry = byName.get(client.name);
      if (entry == null || entry.port() != client.port() || !entry.online()
          || !entry.ip().equals("127.0.0.1")) {
        wrong++;
      }
    }
    return wrong == 0 ? "" : " (" + wrong + " of the registered clients missing, offline or"
        + " at a wrong address)";
  }
}
