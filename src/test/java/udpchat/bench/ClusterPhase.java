package udpchat.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import udpchat.protocol.PacketCodec;
import udpchat.testing.TestPostgres;

/**
 * (h) The cluster beside one server: fan-out to 1,000, registration of 1,000 staying online and
 * offline stores, each on one server (no cluster settings) and on three cluster nodes on
 * 127.0.0.1, both on the PostgreSQL journal of {@link TestPostgres} (emptied before each start),
 * one after the other in one run, with the default logging. The simulated clients are spread
 * over the nodes (client i talks to node i mod 3 first, the sender to node 0), and a push is
 * ACKed to the node that sent it. Besides the figures, the CPU time each server process and
 * PostgreSQL used per copy, registration or stored message (less what they use idle): what the
 * projection to three machines in the README starts from. Without a reachable PostgreSQL the
 * phase is skipped with a line saying why.
 */
final class ClusterPhase {
  /** One column of the table: the servers of a measurement. */
  enum Setup {
    ONE_NODE(1, "one node, PostgreSQL"),
    THREE_NODES(3, "three nodes, PostgreSQL");

    final int nodes;
    final String description;

    Setup(int nodes, String description) {
      this.nodes = nodes;
      this.description = description;
    }
  }

  /** A workload on one set-up: the servers it runs on, and what they used. */
  @FunctionalInterface
  private interface Workload {
    void run(ServerNodes servers, ProcessCpu.Usage idle) throws Exception;
  }

  static final int FAN_OUT = 1000;
  static final int REGISTER = 1000;
  private static final long IDLE_MILLIS = 2000;
  private static final int RATIO = Setup.values().length;
  private static final String FAN_OUT_ACK =
      "fan-out to 1,000: send_all → last ACK at the server (median / p99)";
  private static final String REGISTER_RATE =
      "register 1,000 staying online: per second, over the last 10% (each freg → conf_reg,"
          + " median / p99)";
  private static final String OFFLINE_RATE =
      "offline stores per second (window 16; each to_offline → ack, median / p99)";

  private final BenchOptions options;
  private final PacketCodec codec;
  private final LogVariant logging = LogVariant.DEFAULT;
  private final ResultTable table;
  /** Per set-up: fan-out median to the last ACK, registrations/s, stores/s (for the ratios). */
  private final double[][] figures = new double[Setup.values().length][3];

  ClusterPhase(BenchOptions options, PacketCodec codec) {
    this.options = options;
    this.codec = codec;
    List<String> columns = new ArrayList<>();
    for (Setup setup : Setup.values()) {
      columns.add(setup.description);
    }
    columns.add("three ÷ one");
    this.table = new ResultTable("## Cluster", columns);
  }

  ResultTable table() {
    return table;
  }

  /** Runs each workload on each set-up through {@code phases}; the number that failed. */
  int run(Benchmark.Phases phases) {
    Optional<String> unreachable = postgresUnreachable();
    if (unreachable.isPresent()) {
      Benchmark.progress("cluster phases skipped: " + unreachable.get());
      table.finding("(h) skipped: " + unreachable.get());
      return 0;
    }
    int failures = 0;
    for (Setup setup : Setup.values()) {
      failures += phases.run("cluster: fan-out to " + FAN_OUT + ", " + setup.description,
          () -> on(setup, "fanout", (servers, idle) -> fanOut(setup, servers, idle)));
    }
    for (Setup setup : Setup.values()) {
      failures += phases.run("cluster: registration of " + REGISTER + ", " + setup.description,
          () -> on(setup, "register", (servers, idle) -> registration(setup, servers, idle)));
    }
    for (Setup setup : Setup.values()) {
      failures += phases.run("cluster: offline stores, " + setup.description,
          () -> on(setup, "offline", (servers, idle) -> offlineStores(setup, servers, idle)));
    }
    ratios();
    notes();
    return failures;
  }

  private static Optional<String> postgresUnreachable() {
    try (Connection probe = TestPostgres.connect()) {
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.of("PostgreSQL is not reachable at " + TestPostgres.URL + " as "
          + TestPostgres.USER + " (" + e.getMessage() + "); .ci/start-postgresql (as root) sets"
          + " one up");
    }
  }

  /**
   * Fresh servers of {@code setup} on an empty journal; the CPU they use idle is measured first
   * (which also gives a cluster time to settle), then the workload.
   */
  private void on(Setup setup, String label, Workload workload) throws Exception {
    TestPostgres.emptyJournal();
    try (ServerNodes servers = setup == Setup.ONE_NODE
        ? ServerNodes.oneOnPostgres(options, "pg-" + label, logging)
        : ServerNodes.cluster(options, "cluster-" + label, logging, setup.nodes)) {
      ProcessCpu.Sample idleStart = servers.cpu();
      Thread.sleep(IDLE_MILLIS);
      ProcessCpu.Usage idle = servers.cpu().since(idleStart);
      workload.run(servers, idle);
      if (servers.size() > 1) {
        table.finding("(h) " + label + ", " + setup.description + ": the directory ran on "
            + directoryNode(servers));
      }
    }
  }

  /** The node whose log says its directory recovered: the oldest, which sends the table. */
  private static String directoryNode(ServerNodes servers) {
    List<String> holders = new ArrayList<>();
    for (int i = 0; i < servers.size(); i++) {
      if (servers.node(i).countLogLines("directory recovered") > 0) {
        holders.add("node " + i);
      }
    }
    return holders.isEmpty() ? "no node (its log line not found)" : String.join(", ", holders);
  }

  private void fanOut(Setup setup, ServerNodes servers, ProcessCpu.Usage idle)
      throws Exception {
    FanOut.Result result = FanOut.run(options, codec, logging, servers, List.of(FAN_OUT), false);
    FanOut.Row row = result.rows().get(0);
    int column = setup.ordinal();
    table.put("h", "fan-out to 1,000: send_all → last recipient's line (median / p99)", column,
        row.toLastLine().medianP99());
    table.put("h", FAN_OUT_ACK, column, row.toLastAck().medianP99() + lost(row)
        + (result.serverTimes() ? "" : " (when the generator sent it: no server line)"));
    figures[column][0] = row.toLastAck().median();
    ProcessCpu.Usage cpu = row.cpu().lessIdle(idle);
    long copies = (long) row.rounds() * FAN_OUT;
    cpu("fan-out: CPU per copy delivered and ACKed", column, cpu, copies);
  }

  private void registration(Setup setup, ServerNodes servers, ProcessCpu.Usage idle)
      throws Exception {
    ProcessCpu.Sample start = servers.cpu();
    Registration.Result result =
        Registration.run(options, codec, REGISTER, logging, false, servers);
    ProcessCpu.Usage cpu = servers.cpu().since(start).lessIdle(idle);
    Batch batch = result.batch();
    int column = setup.ordinal();
    double rate = batch.answered() / (batch.elapsedNanos() / 1e9);
    table.put("h", REGISTER_RATE, column, String.format("%,.0f/s, last 10%%: %,.0f/s (%s)%s",
            rate, batch.recentRate(REGISTER / 10), Stats.of(batch.latencies()).medianP99(),
            batch.answered() < REGISTER ? "; only " + batch.answered() + " registered" : ""));
    table.put("h", "register 1,000: a sampled client's table equals the server's", column,
        result.tablesEqual() ? "yes" : "NO (see below)");
    table.finding("(h) registration, " + setup.description + ": " + result.tableCheck() + "; "
        + String.format("%,d datagrams to the generator, %,d requests sent again",
            result.datagramsIn(), result.retries()));
    figures[column][1] = rate;
    cpu("registration: CPU per client registered (with the table check)", column, cpu,
        batch.answered());
  }

  private void offlineStores(Setup setup, ServerNodes servers, ProcessCpu.Usage idle)
      throws Exception {
    ProcessCpu.Sample start = servers.cpu();
    OfflineStores.Result result = OfflineStores.run(options, codec, logging, false, servers);
    ProcessCpu.Usage cpu = servers.cpu().since(start).lessIdle(idle);
    int column = setup.ordinal();
    table.put("h", OFFLINE_RATE, column, String.format("%,.0f/s (%,d stored; %s)",
        result.perSecond(), result.batch().answered(),
        Stats.of(result.batch().latencies()).medianP99()));
    figures[column][2] = result.perSecond();
    cpu("offline stores: CPU per message stored", column, cpu, result.batch().answered());
  }

  /** Two rows: the servers' CPU per unit (and each node's share), PostgreSQL's. */
  private void cpu(String label, int column, ProcessCpu.Usage cpu, long units) {
    if (units <= 0) {
      return;
    }
    StringBuilder perNode = new StringBuilder();
    if (cpu.nodes().length > 1) {
      List<String> shares = new ArrayList<>();
      for (int i = 0; i < cpu.nodes().length; i++) {
        shares.add("node " + i + " " + Stats.duration((long) (cpu.nodes()[i] / units)));
      }
      perNode.append(" (").append(String.join(", ", shares)).append(")");
    }
    table.put("h", label + ", server processes", column,
        Stats.duration((long) (cpu.serverTotal() / units)) + perNode);
    table.put("h", label + ", PostgreSQL", column, cpu.postgres() < 0 ? "not measured"
        : Stats.duration((long) (cpu.postgres() / units)));
  }

  private void ratios() {
    double[] one = figures[Setup.ONE_NODE.ordinal()];
    double[] three = figures[Setup.THREE_NODES.ordinal()];
    List<String> labels = List.of(FAN_OUT_ACK, REGISTER_RATE, OFFLINE_RATE);
    for (int i = 0; i < labels.size(); i++) {
      if (one[i] > 0 && three[i] > 0) {
        table.put("h", labels.get(i), RATIO, String.format("%.2f×", three[i] / one[i]));
      }
    }
  }

  private void notes() {
    table.note("(h) One node: the server with no cluster settings, as a single user runs it,"
        + " on PostgreSQL. Three nodes: three server processes with --cluster-port and"
        + " --seed-nodes (the first two are the seeds; node 0, the oldest, holds the directory)"
        + " on the same PostgreSQL. Fresh servers and an emptied journal for each measurement;"
        + " the fan-out's, registration's and offline stores' workloads are (b), (d) and (f)"
        + " (fan-out: the recipients registered at once, no silent rounds; registration without"
        + " the heap; offline: " + options.offlineMessages() + " to_offline). The simulated"
        + " clients are spread over the nodes: client i talks to node i mod 3, so the sender"
        + " talks to node 0, whose gateway sends the copies and takes the ACKs; the last ACK is"
        + " node 0's \"round over\" line. Replies and pushes may come from any node; each push"
        + " is ACKed to the node it came from. A name's first request after a cluster starts"
        + " also places its shard (100 shards), so the registration's rate over its last 10%"
        + " is the steady one.");
    table.note("(h) CPU: user + system time of each server process (/proc/<pid>/stat) and of"
        + " PostgreSQL (its own processes and the backends of the journal's database), over the"
        + " measured fan-out rounds, the whole registration (its table check too) or the whole"
        + " offline batch, less what the same processes used while idle for " + IDLE_MILLIS
        + " ms right after starting, divided by the copies, registrations or messages. Three"
        + " JVMs on this machine's cores share them with the generator and PostgreSQL: the"
        + " three-node figures show the cost of the hops between nodes, not a speed-up.");
  }

  private static String lost(FanOut.Row row) {
    return row.lossy() == 0 && row.incomplete() == 0 ? ""
        : "; " + row.lossy() + " of " + row.rounds() + " rounds lost copies or ACKs, "
            + row.incomplete() + " timed out";
  }
}
