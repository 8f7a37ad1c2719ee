package udpchat.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.LoggerFactory;
import udpchat.cli.LogSetup;
import udpchat.config.ChatSettings;
import udpchat.config.ConfigLoader;
import udpchat.protocol.PacketCodec;

/**
 * UdpChat's benchmark: the real server as a process of its own ({@code java -jar
 * target/udpchat.jar -s PORT}, a fresh working directory per phase) and simulated clients over
 * real UDP on 127.0.0.1. It prints one table on stdout and writes it to target/bench/results.md.
 *
 * <pre>
 *   mvn -B -Pbench package                       # build the jar, then run everything (about 12 min)
 *   mvn -B -Pbench package -Dbench.quick=true    # fewer rounds, N up to 1,000 (about 5 min)
 * </pre>
 *
 * Settings (system properties, passed through by the profile; defaults in brackets):
 *
 * <ul>
 *   <li>{@code bench.quick} [false]: fewer rounds; registration of 100 and 1,000 clients only
 *   <li>{@code bench.phases} [rtt,fanout,register,offline,flood,cluster]: which parts to run;
 *       {@code cluster} ({@link ClusterPhase}) needs the PostgreSQL of {@code TestPostgres}
 *       (UDPCHAT_IT_POSTGRESQL_URL names another database), whose journal tables it empties,
 *       and is skipped with a line saying why when that is not reachable
 *   <li>{@code bench.trace-off} [true]: also run fan-out, registration (N &lt;= 1,000), offline
 *       stores and the direct message with the packet trace off (a second column)
 *   <li>{@code bench.rtt.rounds} [2000; quick 400]: direct-message round trips measured
 *   <li>{@code bench.fanout.sizes} [10,100,1000], {@code bench.fanout.rounds} [40; quick 10],
 *       {@code bench.fanout.silent-rounds} [6; quick 2]
 *   <li>{@code bench.register.sizes} [100,1000,10000; quick 100,1000], {@code bench.register.limit}
 *       [150 s; quick 60 s]: no more freg are sent after it, what got registered is measured
 *   <li>{@code bench.offline.messages} [5000; quick 1000], {@code bench.offline.recipients} [0:
 *       one per 800 messages, as a mailbox holds 1,000]: how many offline clients they go to
 *   <li>{@code bench.entity-idle} [10]: seconds the registration phase's server lets a client's
 *       entity idle before it stops (udpchat.entity-idle); the heap per client is measured once
 *       that time has passed after the last registration
 *   <li>{@code bench.window} [16]: requests (freg, to_offline) the generator keeps unanswered at a
 *       time
 *   <li>{@code bench.keep} [false]: keep each server's working directory (logs, data) under
 *       target/bench
 *   <li>{@code bench.jar} [target/udpchat.jar], {@code bench.out} [target/bench]
 * </ul>
 *
 * Without Maven, after {@code mvn -B -DskipTests package}:
 * {@code java -cp "target/test-classes:target/classes:$(cat cp.txt)" -Dbench.quick=true
 * udpchat.bench.Benchmark} with cp.txt from {@code mvn dependency:build-classpath
 * -Dmdep.includeScope=test -Dmdep.outputFile=cp.txt}. Goals are reported, never asserted: the
 * machine may be shared and noisy, so the table gives medians and p99, and the load average.
 */
public final class Benchmark {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final BenchOptions options;
  private final PacketCodec codec = new PacketCodec(ChatSettings.defaults().maxDatagramBytes());
  private final ResultTable table = new ResultTable();
  private final List<LogVariant> variants;
  private Config clientConfig;

  private Benchmark(BenchOptions options) {
    this.options = options;
    this.variants =
        options.traceOff() ? List.of(LogVariant.DEFAULT, LogVariant.TRACE_OFF)
            : List.of(LogVariant.DEFAULT);
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.fromSystemProperties();
    int status = new Benchmark(options).run();
    System.exit(status); // the clients' actor systems may leave threads behind
  }

  static void progress(String what) {
    System.err.println("[bench " + LocalTime.now().format(CLOCK) + "] " + what);
  }

  private int run() throws IOException {
    Files.createDirectories(options.out());
    clientConfig = clientLogging();
    String loadAtStart = loadAverage();
    long start = System.nanoTime();
    if (!Files.isRegularFile(options.jar())) {
      System.err.println("no " + options.jar() + ": build it first (mvn -B -DskipTests package)");
      return 1;
    }
    progress(options.describe() + "; load average " + loadAtStart);
    int failures = 0;
    if (options.runs("rtt")) {
      failures += phase("direct message", this::directRtt);
    }
    if (options.runs("fanout")) {
      for (LogVariant logging : variants) {
        failures += phase("fan-out, " + logging.description, () -> fanOut(logging));
      }
    }
    if (options.runs("register")) {
      int largest = options.registerSizes().get(options.registerSizes().size() - 1);
      for (int n : options.registerSizes()) {
        failures += phase("registration of " + n,
            () -> registration(n, LogVariant.DEFAULT, n == largest));
        if (options.traceOff() && n <= 1000) {
          failures += phase("registration of " + n + ", trace off",
              () -> registration(n, LogVariant.TRACE_OFF, false));
        }
      }
    }
    if (options.runs("offline")) {
      for (LogVariant logging : variants) {
        failures += phase("offline stores, " + logging.description,
            () -> offlineStores(logging, logging == LogVariant.DEFAULT));
      }
    }
    if (options.runs("flood")) {
      failures += phase("flood", this::flood);
    }
    ClusterPhase cluster = new ClusterPhase(options, codec);
    if (options.runs("cluster")) {
      failures += cluster.run(this::phase);
    }
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    List<String> header = List.of(
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")) + ", "
            + Runtime.getRuntime().availableProcessors() + " cores, Java "
            + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
            + System.getProperty("os.version"),
        "Load average (1, 5, 15 min) at the start: " + loadAtStart + "; at the end: "
            + loadAverage(),
        options.describe(),
        "Run time: " + seconds / 60 + " min " + seconds % 60 + " s"
            + (failures > 0 ? "; " + failures + " phase(s) FAILED (see below)" : ""));
    String rendered = table.render(header)
        + (options.runs("cluster") ? "\n" + cluster.table().render(List.of()) : "");
    System.out.println(rendered);
    Path results = options.out().resolve("results.md");
    Files.writeString(results, rendered, StandardCharsets.UTF_8);
    progress("written to " + results);
    return failures == 0 ? 0 : 1;
  }

  @FunctionalInterface
  interface Phase {
    void run() throws Exception;
  }

  /** Runs a phase by name: 1 if it failed (said in the table), else 0. */
  @FunctionalInterface
  interface Phases {
    int run(String name, Phase phase);
  }

  private int phase(String name, Phase phase) {
    progress(name + "…");
    try {
      phase.run();
      return 0;
    } catch (Exception | AssertionError e) {
      progress(name + " FAILED: " + e);
      e.printStackTrace();
      table.finding(name + " failed: " + e);
      return 1;
    }
  }

  /**
   * The clients of the direct-message benchmark log as a real client does (the jar's logback.xml,
   * UdpChat's lines at DEBUG with the packet trace), into target/bench/logs/bench-clients.log.
   * Must run before anything logs.
   */
  private Config clientLogging() {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback.xml"); // the built-in one
    }
    Config config = ConfigLoader.load().withValue("udpchat.log-dir",
        ConfigValueFactory.fromAnyRef(options.out().resolve("logs").toAbsolutePath().toString()));
    LogSetup.configure("bench-clients", config, false);
    // Logging starts here, in one thread, not in the clients' actor systems at once.
    LoggerFactory.getLogger(Benchmark.class).info("benchmark: {}", options.describe());
    return config;
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  // ---- (a) ------------------------------------------------------------------------------------

  private void directRtt() throws Exception {
    String section = "a";
    try (ServerProcess server =
        ServerProcess.start(options.jar(), options.out(), "rtt", LogVariant.DEFAULT,
            options.keep())) {
      int rounds = options.rttRounds();
      DirectRtt.Result result =
          DirectRtt.run(server.address(), clientConfig, Math.max(rounds / 2, 200), rounds,
              options.traceOff());
      String chat = "direct message send→ACK between two real clients (median / p99)";
      table.put(section, chat, LogVariant.DEFAULT, result.chat().medianP99());
      if (!result.chatTraceOff().isEmpty()) {
        table.put(section, chat, LogVariant.TRACE_OFF, result.chatTraceOff().medianP99());
      }
      table.put(section, "the same, one way: the command at a → b shows the message",
          LogVariant.DEFAULT, result.oneWay().medianP99());
      if (!result.chatNoTrace().isEmpty()) {
        String noTrace = "the same send→ACK, packet trace off, UdpChat's other lines at DEBUG";
        table.put(section, noTrace, LogVariant.DEFAULT, result.chatNoTrace().medianP99());
        String share = "the packet trace's share of the send→ACK, (trace on − off) / on";
        double traceShare = 1 - ratio(result.chatNoTrace(), result.chat());
        table.put(section, share, LogVariant.DEFAULT, String.format("%.0f%%", 100 * traceShare));
        table.goal(section, share, LogVariant.DEFAULT, "≤ 15%", traceShare <= 0.15);
      }
      String raw = "raw Java UDP ping-pong in one JVM, same datagram size ("
          + result.datagramBytes() + " B)";
      table.put(section, raw, LogVariant.DEFAULT, result.raw().medianP99());
      table.put(section, raw, LogVariant.TRACE_OFF, "(the same)");
      String floor = "the floor: raw Java UDP ping-pong between two JVM processes";
      table.put(section, floor, LogVariant.DEFAULT, result.rawTwoProcesses().medianP99());
      table.put(section, floor, LogVariant.TRACE_OFF, "(the same)");
      String ratio = "ratio of the medians, clients / two-process floor";
      // One goal column for two variants: each variant's goal is named in it.
      String ratioGoal = "≤ 1.5× (default) / ≤ 1.2× (INFO)";
      double debug = ratio(result.chat(), result.rawTwoProcesses());
      table.put(section, ratio, LogVariant.DEFAULT, String.format("%.2f×", debug));
      table.goal(section, ratio, LogVariant.DEFAULT, ratioGoal, debug <= 1.5);
      if (!result.chatTraceOff().isEmpty()) {
        double quiet = ratio(result.chatTraceOff(), result.rawTwoProcesses());
        table.put(section, ratio, LogVariant.TRACE_OFF, String.format("%.2f×", quiet));
        table.goal(section, ratio, LogVariant.TRACE_OFF, ratioGoal, quiet <= 1.2);
      }
      table.note("(a) Two real clients (ClientActor, UdpListener, each in its own actor system in"
          + " the benchmark's JVM) registered with the server process; client a is handed `send b"
          + " <text>` as if typed, and the time runs until its console prints `[Message received"
          + " by b.]`: command handling, the msg datagram, b printing it and sending its ACK, a"
          + " taking the ACK and printing. The server is not on this path. The raw ping-pongs are a"
          + " blocking DatagramChannel and an echo (a thread of the same JVM; a JVM process of its"
          + " own: the floor, since two clients are two processes), measured in blocks"
          + " alternating with the clients' after a JIT warm-up of all three. The right column is"
          + " the same clients with their logging (UdpChat's lines and the packet trace) at INFO;"
          + " the row with the packet trace off has only the trace logger at INFO. The three"
          + " logging variants take turns in the same blocks, with the same JVMs and sockets.");
      if (result.slow() > 0) {
        table.finding("(a) " + result.slow() + " direct messages were not ACKed within the ACK"
            + " timeout and went through the server (counted with their full time)");
      }
    }
  }

  private static double ratio(Stats a, Stats b) {
    return (double) a.median() / b.median();
  }

  // ---- (b), (c) -------------------------------------------------------------------------------

  private void fanOut(LogVariant logging) throws Exception {
    FanOut.Result result = FanOut.run(options, codec, logging);
    for (FanOut.Row row : result.rows()) {
      int n = row.recipients();
      if (row.silent() == 0) {
        String line = "fan-out to " + n + ": send_all → last recipient's line";
        String ack = "fan-out to " + n + ": send_all → last ACK"
            + (result.serverTimes() ? " at the server" : " (sent by the generator)");
        table.put("b", line, logging, row.toLastLine().medianP99() + incomplete(row));
        table.put("b", ack, logging, row.toLastAck().medianP99() + lossy(row));
        if (n == 1000) {
          table.goal("b", ack, logging, "p99 < 20 ms", !row.toLastAck().isEmpty()
              && row.incomplete() == 0 && row.toLastAck().p99() < 20_000_000L);
        }
      } else {
        String prefix = "fan-out to " + n + ", " + row.silent() + " (10%) silent: ";
        table.put("c", prefix + "send_all → last live recipient's line", logging,
            row.toLastLine().medianP99() + incomplete(row));
        table.put("c", prefix + "send_all → last live ACK sent", logging,
            row.toLastAck().medianP99());
        String end = prefix + "send_all → round over"
            + (result.serverTimes() ? " (server)" : " (first mailbox offer)");
        table.put("c", end, logging, row.toRoundEnd().medianP99() + lossy(row));
        long timeout = ChatSettings.defaults().ackTimeout().toNanos();
        boolean oneTimeout = !row.toRoundEnd().isEmpty() && row.toRoundEnd().p99() < 2 * timeout;
        table.goal("c", end, logging, "one ACK timeout (500 ms) in all, not " + row.silent()
            + " × 500 ms", oneTimeout);
      }
      if (row.lossy() > 0 || row.drops().receiveBufferErrors() > 0
          || row.drops().sendBufferErrors() > 0) {
        table.finding(String.format("(%s) fan-out to %,d%s, %s: %d of %d measured rounds lost"
                + " copies or ACKs (fewest copies arriving in a round: %,d of %,d; fewest ACKs the"
                + " server counted: %s); the kernel dropped %,d datagrams for a full receive"
                + " buffer and %,d for a full send buffer meanwhile (host-wide counters)",
            row.silent() == 0 ? "b" : "c", n,
            row.silent() == 0 ? "" : " with " + row.silent() + " silent", logging.description,
            row.lossy(), row.rounds(), row.fewestCopies(), n - row.silent(),
            row.fewestCounted() < 0 ? "unknown" : String.format("%,d", row.fewestCounted()),
            row.drops().receiveBufferErrors(), row.drops().sendBufferErrors()));
      }
    }
    table.note("(b) A sender and N recipients simulated by the load generator (one thread, one"
        + " Selector, a non-blocking DatagramChannel per client on 127.0.0.1, the project's"
        + " PacketCodec), each recipient ACKing its copy at once. Times run from the generator's"
        + " System.nanoTime() just before it sends the GC. \"Last recipient's line\": the last"
        + " copy arriving at the generator. \"Last ACK at the server\": the end nanoTime in the"
        + " server's `round over` log line (the server taking the last ACK; System.nanoTime() is"
        + " CLOCK_MONOTONIC, one clock for both processes); a server without it: when the"
        + " generator sent the last ACK. Recipients were registered first (10, then 90 more, then"
        + " 900 more) and the table updates had settled; warm-up rounds are not counted, and each"
        + " round is over at the server before the next. The generator's own work (a few µs per"
        + " copy: receive, read the id, send the ACK) is inside these times, on the same two cores"
        + " as the server. A round in which some copy never arrived (within 3 s) is left out of"
        + " the times and counted as timed out.");
    table.note("(c) Every tenth recipient gets its copy but never ACKs. \"Round over\": the"
        + " server's `round over` line (or, without it, the first mailbox offer to a silent"
        + " recipient, which follows the round and the journal write of their copies). Between"
        + " rounds the silent ones ACK that offer and are online again.");
    if (!result.note().isEmpty()) {
      table.finding("(b) " + logging.description + ": " + result.note());
    }
    if (result.stashDrops() > 0 || result.queueDrops() > 0) {
      table.finding(String.format("(b) %s: the server's log says it dropped %,d datagrams for a"
              + " full socket send buffer and %,d commands for a full stash (\"Stash buffer is full,"
              + " dropping message\": commands that came while an event was being written)",
          logging.description, result.queueDrops(), result.stashDrops()));
    }
    if (result.revived() > 0) {
      table.finding(String.format("(b) %s: after lossy rounds, %,d recipients the server had"
          + " marked offline did not come back by ACKing their mailbox offer and sent reg",
          logging.description, result.revived()));
    }
  }

  private static String lossy(FanOut.Row row) {
    return row.lossy() == 0 ? ""
        : "; copies or ACKs lost in " + row.lossy() + " of " + row.rounds() + " rounds (below)";
  }

  private static String incomplete(FanOut.Row row) {
    return row.incomplete() == 0 ? ""
        : "; " + row.incomplete() + " of " + row.rounds() + " rounds timed out";
  }

  // ---- (d), (e) -------------------------------------------------------------------------------

  private void registration(int n, LogVariant logging, boolean heap) throws Exception {
    Registration.Result result = Registration.run(options, codec, n, logging, heap);
    Batch batch = result.batch();
    double seconds = batch.elapsedNanos() / 1e9;
    String label = String.format("register %,d clients, all staying online: total (rate; rate"
        + " over the last 10%%)", n);
    int registered = batch.answered();
    String total = registered == n
        ? String.format("%s (%,.0f/s; %,.0f/s)", Stats.duration(batch.elapsedNanos()),
            n / seconds, batch.recentRate(n / 10))
        : String.format("%,d of %,d in the %d s allowed (%,.0f/s; %,.0f/s)", registered, n,
            result.limitNanos() / 1_000_000_000L, registered / seconds,
            batch.recentRate(registered / 10));
    table.put("d", label, logging, total);
    table.put("d", String.format("register %,d: each freg → conf_reg (median / p99)", n), logging,
        Stats.of(batch.latencies()).medianP99());
    if (logging == LogVariant.DEFAULT) {
      table.put("d", String.format("register %,d: a sampled client's table equals the server's",
          n), logging, result.tablesEqual() ? "yes" : "NO (see below)");
      table.finding(String.format("(d) %,d clients: %s", n, result.tableCheck()));
    }
    table.finding(String.format("(d) %,d clients, %s: %,d datagrams to the generator (%,d of"
            + " them table_update for clients whose table it does not follow, skipped unread), %,d"
            + " requests sent again after an ACK timeout, %,d datagrams the server dropped"
            + " (\"socket send buffer full\"), %,d commands dropped for a full stash, %,d bytes of server"
            + " log", n, logging.description, result.datagramsIn(), result.tableUpdatesSkipped(),
        result.retries(), result.droppedAtServer(), result.stashDrops(),
        result.serverLogBytes()));
    table.note("(d) A fresh server per N. The generator sends freg for N new clients, at most "
        + options.window() + " unanswered at a time (each retried after 500 ms like a client's),"
        + " from the first freg to the last conf_reg, for at most " + options.registerLimitSeconds()
        + " s (then it sends no more, and what was registered by then is measured). The check: the generator follows the table"
        + " of the first client and of a random one by the protocol's rules (table_sync on a gap);"
        + " then one more client registers, whose conf_reg is the server's whole table; a"
        + " followed table is equal when it has that version and the same entries in order. Every"
        + " client must also be in it, online, at its own port.");
    if (result.heap() != null) {
      HeapGrowth heapGrowth = result.heap();
      String perClient = String.format("server heap per registered client (%,d registered,"
          + " idle past entity-idle %d s)", heapGrowth.items(), options.entityIdleSeconds());
      table.put("e", perClient, logging, String.format("%,d B (%,d B without the remembered"
          + " conf_reg answers)", heapGrowth.perItem(), heapGrowth.perItemWithoutAnswers()));
      table.goal("e", perClient, logging, "≤ 2 KB",
          heapGrowth.perItem() <= 2048 ? "met"
              : heapGrowth.perItemWithoutAnswers() <= 2048
                  ? "not met (met without the remembered answers)" : "not met");
      table.finding(String.format("(e) heap growth for %,d clients: %,d B in all, %,d B after the"
              + " remembered answers were replaced, of which H2's classes %,d B; biggest: %s",
          heapGrowth.items(), heapGrowth.after() - heapGrowth.before(),
          heapGrowth.afterFlush() - heapGrowth.before(), heapGrowth.h2Growth(),
          heapGrowth.topGrowth()));
      noteHeap();
    }
  }

  private void noteHeap() {
    table.note("(e) Live bytes from `jcmd <pid> GC.class_histogram` (a full GC first) on the"
        + " server process, after the step minus before it, divided by the clients registered or"
        + " messages stored. The server remembers its answers to the last "
        + ChatSettings.defaults().recentIds() + " requests (recent-ids) to answer a repeat: that"
        + " memory is filled with small answers before the step, and once more after it for the"
        + " figure in brackets, in case the step's remembered answers are bigger than an ack (a"
        + " conf_reg that keeps a part of the table would be). The growth"
        + " includes H2's page cache, which grows with the journal file up to H2's cache size (see"
        + " below).");
  }

  // ---- (f) -----------------------------------------------------------------------------------

  private void flood() throws Exception {
    Flood.Result result = Flood.run(options);
    table.put("g", "server CPU per datagram over its source's rate limit (dropped unread)",
        LogVariant.TRACE_OFF, String.format("%,.0f ns", result.droppedNanos()));
    table.put("g", "server CPU per malformed datagram with the limit off (decoded, refused)",
        LogVariant.TRACE_OFF, String.format("%,.0f ns", result.refusedNanos()));
    table.note("(g) One socket sends datagrams that are not packets at a steady rate; the server"
        + " process's CPU time (utime + stime in /proc/<pid>/stat) over the flood, less the same"
        + " time idle, divided by the datagrams; median of " + Flood.ROUNDS + " rounds. Dropped:"
        + " the limit at 1/s, burst 1. Refused: rate-limit.per-second = 0, so each is decoded,"
        + " logged (WARN) and answered with an error. Kernel receive-buffer drops during the"
        + " floods: " + result.kernelDrops() + ".");
  }

  private void offlineStores(LogVariant logging, boolean heap) throws Exception {
    OfflineStores.Result result = OfflineStores.run(options, codec, logging, heap);
    String label = String.format("offline stores per second (%,d to_offline, window %d)",
        result.batch().answered(), options.window());
    table.put("f", label, logging, String.format("%,.0f/s; each to_offline → ack %s",
        result.perSecond(), Stats.of(result.batch().latencies()).medianP99()));
    table.note("(f) One client sends to_offline for clients that went offline (dereg), at most "
        + options.window() + " unanswered at a time; the server ACKs each once its event is in"
        + " the journal (H2 in a file, the default), one write per message.");
    if (result.heap() != null) {
      HeapGrowth heapGrowth = result.heap();
      String perMessage = "server heap per stored offline message ("
          + OfflineStores.TEXT.length() + " characters)";
      table.put("e", perMessage, logging, String.format("%,d B", heapGrowth.perItemWithoutAnswers()));
      table.finding(String.format("(e) heap growth for %,d stored messages: %,d B, of which"
              + " H2's classes %,d B; biggest: %s", heapGrowth.items(),
          heapGrowth.afterFlush() - heapGrowth.before(), heapGrowth.h2Growth(),
          heapGrowth.topGrowth()));
      noteHeap();
    }
  }
}
