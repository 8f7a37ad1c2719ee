package udpchat.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.jline.utils.Signals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import udpchat.NodeExit;
import udpchat.client.ClientActor;
import udpchat.cluster.ClusterPlacement;
import udpchat.cluster.ClusterSettings;
import udpchat.client.ClientOptions;
import udpchat.config.ChatSettings;
import udpchat.config.ConfigLoader;
import udpchat.config.RateLimit;
import udpchat.console.Console;
import udpchat.console.LineSource;
import udpchat.console.LoggedConsole;
import udpchat.console.PlainConsole;
import udpchat.console.PlainLineSource;
import udpchat.console.TerminalConsole;
import udpchat.metrics.MetricsEndpoint;
import udpchat.metrics.MetricsSettings;
import udpchat.metrics.ServerMetrics;
import udpchat.server.ChatServer;
import udpchat.server.RegistryJournal;
import udpchat.store.JournalSchema;
import udpchat.store.StoreSettings;
import udpchat.transport.SourceRateLimiter;
import udpchat.transport.UdpTransport;

/**
 * Runs one node in this process until it asks to exit: loads the configuration, sets up the log
 * file, picks the console, starts the actor system with the node's actor as its guardian, and
 * turns signals into the node's way of ending. Returns the exit status.
 */
public final class NodeRunner {
  /** How long a clean actor-system shutdown may take before the process exits anyway. */
  private static final Duration TERMINATION_BOUND = Duration.ofSeconds(5);

  /** The same for a cluster node, which leaves the cluster and hands over its entities first. */
  private static final Duration CLUSTER_TERMINATION_BOUND = Duration.ofSeconds(30);

  /** How long a client has to leave after Ctrl-C or SIGTERM before the process exits anyway. */
  private static final Duration LEAVE_BOUND = Duration.ofSeconds(3);

  private final Launch launch;
  private final Config config;
  private final ChatSettings settings;
  private final PrintStream err = System.err;
  private final CompletableFuture<NodeExit> exit = new CompletableFuture<>();

  private NodeRunner(Launch launch, Config config, ChatSettings settings) {
    this.launch = launch;
    this.config = config;
    this.settings = settings;
  }

  public static int run(Launch launch) {
    Config config;
    ChatSettings settings;
    String nodeName = launch.nodeName();
    try {
      config = ConfigLoader.load();
      if (launch instanceof Launch.Server server) {
        config = clusterFlags(server).withFallback(config);
        if (ClusterSettings.from(config).enabled()) {
          // Several nodes may share a working directory: each logs to a file of its own.
          nodeName = "server-" + server.port();
        }
      }
      settings = ChatSettings.from(config);
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("udpchat: configuration error: " + e.getMessage());
      return 1;
    }
    LogSetup.configure(nodeName, config, launch.trace() || config.getBoolean("udpchat.trace"));
    NodeRunner runner = new NodeRunner(launch, config, settings);
    if (launch instanceof Launch.Server server) {
      return runner.runServer(server);
    }
    return runner.runClient((Launch.Client) launch);
  }

  /** The command line's cluster flags, as the settings they stand for. */
  private static Config clusterFlags(Launch.Server server) {
    Map<String, Object> flags = new HashMap<>();
    server.clusterPort().ifPresent(port -> flags.put("udpchat.cluster.port", port));
    if (!server.seedNodes().isEmpty()) {
      flags.put("udpchat.cluster.seed-nodes", server.seedNodes());
    }
    return ConfigFactory.parseMap(flags);
  }

  private static Logger log() {
    return LoggerFactory.getLogger(NodeRunner.class);
  }

  /**
   * The server prints on stdout and reads nothing. Its journal is opened first: a store that
   * cannot be used is one line on stderr and status 1. Ctrl-C or SIGTERM: shut down, status 0
   * (every change is in the journal before it is acknowledged, so there is nothing left to save).
   */
  private int runServer(Launch.Server server) {
    StoreSettings store;
    MetricsSettings metricsSettings;
    RateLimit rateLimit;
    ClusterSettings cluster;
    try {
      store = StoreSettings.from(config);
      metricsSettings = MetricsSettings.from(config);
      rateLimit = RateLimit.from(config);
      cluster = ClusterSettings.from(config);
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("udpchat: configuration error: " + e.getMessage());
      return 1;
    }
    if (cluster.enabled() && store.kind() == StoreSettings.Kind.H2) {
      err.println("udpchat: cluster mode needs a journal that every node shares: set"
          + " udpchat.store = postgresql (H2 keeps its files on one machine, for one process)");
      return 1;
    }
    try {
      JournalSchema.create(store);
      if (JournalSchema.holdsDataOf(store, RegistryJournal.LEGACY_ID)) {
        log().error("{} holds data of the layout before client entities: refused", store.where());
        err.println("udpchat: " + store.where() + " holds the data of an older UdpChat server"
            + " (one journal for the whole registry), which this one does not read: move it"
            + " aside to start afresh, or let the clients collect their messages with the older"
            + " version first");
        return 1;
      }
    } catch (SQLException | IOException | RuntimeException e) {
      log().error("Cannot open the server's data at {}", store.where(), e);
      err.println("udpchat: cannot open the server's data at " + store.where() + ": "
          + firstLine(e.getMessage()));
      return 1;
    }
    ServerMetrics metrics =
        metricsSettings.endpoint().isPresent()
            ? ServerMetrics.forPrometheus()
            : ServerMetrics.inMemory();
    Optional<MetricsEndpoint> endpoint;
    try {
      endpoint = openEndpoint(metrics, metricsSettings);
    } catch (IOException e) {
      err.println("udpchat: cannot open the metrics endpoint on "
          + metricsSettings.bindHost() + ":" + metricsSettings.port() + ": " + e.getMessage());
      return 1;
    }
    Runnable stop = () -> exit.complete(NodeExit.ok());
    Signals.register("INT", stop);
    Signals.register("TERM", stop);
    log().info("Starting the server on port {}, data at {}{}", server.port(), store.where(),
        cluster.enabled() ? ", cluster port " + cluster.port() + ", seed nodes "
            + String.join(",", cluster.seedNodes()) : "");
    Behavior<ChatServer.Command> node =
        ChatServer.create(
            server.port(),
            settings,
            new LoggedConsole(new PlainConsole(utf8Stdout())),
            Clock.systemDefaultZone(),
            UdpTransport.factory(settings, () -> SourceRateLimiter.of(rateLimit), metrics),
            exit::complete,
            RegistryJournal.server(store.snapshotEvery()),
            metrics,
            metricsSettings,
            cluster.enabled() ? new ClusterPlacement() : ChatServer.SINGLE_NODE);
    Config systemConfig = store.pekkoConfig().withFallback(config);
    if (cluster.enabled()) {
      systemConfig = cluster.pekkoConfig().withFallback(systemConfig);
    }
    try {
      // The server's actors run on Pekko's pool: a fan-out is spread over its threads. A cluster
      // node's shutdown hands its entities (and perhaps the directory) to the others first.
      return runUntilExit(
          node, Props.empty(), Optional.empty(), new CompletableFuture<>(), systemConfig,
          cluster.enabled() ? CLUSTER_TERMINATION_BOUND : TERMINATION_BOUND);
    } finally {
      endpoint.ifPresent(MetricsEndpoint::close);
    }
  }

  /** The Prometheus endpoint, when udpchat.metrics.port asks for one. */
  private static Optional<MetricsEndpoint> openEndpoint(
      ServerMetrics metrics, MetricsSettings metricsSettings) throws IOException {
    Optional<InetSocketAddress> address = metricsSettings.endpoint();
    if (address.isEmpty()) {
      return Optional.empty();
    }
    MetricsEndpoint endpoint =
        MetricsEndpoint.start(metrics.prometheus().orElseThrow(), address.get());
    log().info("Metrics at http://{}:{}/metrics",
        metricsSettings.bindHost(), endpoint.address().getPort());
    return Optional.of(endpoint);
  }

  private static String firstLine(String message) {
    return message == null ? "unknown error" : message.lines().findFirst().orElse(message);
  }

  /**
   * A client reads the terminal through JLine when there is one, else plain standard input.
   * Ctrl-C or SIGTERM is a silent leave: the client ends without telling the server.
   */
  private int runClient(Launch.Client client) {
    ClientOptions options;
    try {
      options = client.options(config);
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("udpchat: configuration error: " + e.getMessage());
      return 1;
    }
    CompletableFuture<ActorSystem<ClientActor.Command>> started = new CompletableFuture<>();
    Runnable silentLeave =
        () -> {
          started.thenAccept(system -> system.tell(new ClientActor.SilentLeave()));
          exit.completeOnTimeout(
              new NodeExit(ClientActor.SILENT_LEAVE_STATUS, Optional.empty()),
              LEAVE_BOUND.toMillis(),
              TimeUnit.MILLISECONDS);
        };
    Signals.register("TERM", silentLeave);
    Optional<TerminalConsole> terminal = openTerminal(silentLeave);
    if (terminal.isEmpty()) {
      Signals.register("INT", silentLeave);
    }
    // Standard error is the same terminal: its lines (the --trace output) go above the prompt.
    terminal.ifPresent(t -> System.setErr(t.errorStream()));
    Console console = terminal.<Console>map(t -> t).orElseGet(() -> new PlainConsole(utf8Stdout()));
    LineSource input =
        terminal.<LineSource>map(t -> t).orElseGet(() -> new PlainLineSource(System.in));
    log()
        .info(
            "Starting client {} on port {}, servers {} ({})",
            options.name(),
            options.clientPort(),
            options.servers(),
            terminal.isPresent() ? "terminal" : "plain input");
    Behavior<ClientActor.Command> node =
        ClientActor.create(
            options,
            settings,
            new LoggedConsole(console),
            Clock.systemDefaultZone(),
            UdpTransport.factory(settings),
            exit::complete,
            Optional.of(input));
    return runUntilExit(
        node, UdpTransport.nodeProps(), terminal, started, config, TERMINATION_BOUND);
  }

  /**
   * Plain output is UTF-8 whatever the locale, like plain input: a transcript keeps every
   * character of a message even where the locale is plain ASCII (as on many CI machines).
   */
  private static PrintStream utf8Stdout() {
    return new PrintStream(System.out, true, StandardCharsets.UTF_8);
  }

  private static Optional<TerminalConsole> openTerminal(Runnable onInterrupt) {
    if (System.console() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(TerminalConsole.open(onInterrupt));
    } catch (IOException | RuntimeException e) {
      log().warn("No terminal, reading plain standard input: {}", e.toString());
      return Optional.empty();
    }
  }

  /**
   * Starts the node as the actor system's guardian and waits for it to call onExit (or for a
   * signal); then gives back the terminal and shuts the actor system down, within a bound.
   */
  private <T> int runUntilExit(
      Behavior<T> node,
      Props nodeProps,
      Optional<TerminalConsole> terminal,
      CompletableFuture<ActorSystem<T>> started,
      Config systemConfig,
      Duration terminationBound) {
    ActorSystem<T> system;
    try {
      system = ActorSystem.create(node, ClusterSettings.SYSTEM_NAME, systemConfig, nodeProps);
    } catch (RuntimeException e) {
      log().error("The actor system did not start", e);
      closeQuietly(terminal);
      err.println("udpchat: cannot start: " + e.getMessage());
      return 1;
    }
    started.complete(system);
    // A node that stops without saying how it ended has failed.
    system
        .getWhenTerminated()
        .thenRun(() -> exit.complete(NodeExit.failed("udpchat: the node stopped unexpectedly")));
    NodeExit result = exit.join();
    log().info("Exiting with status {}", result.status());
    // The console reader may be blocked reading the terminal, and the actor system cannot stop
    // while it is: closing the terminal ends that read.
    closeQuietly(terminal);
    system.terminate();
    try {
      system
          .getWhenTerminated()
          .toCompletableFuture()
          .get(terminationBound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      log().warn("The actor system did not shut down within {}", terminationBound);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.out.flush();
    result.errorLine().ifPresent(err::println);
    err.flush();
    return result.status();
  }

  /** Gives back the terminal, and standard error as it was before the terminal had it. */
  private void closeQuietly(Optional<TerminalConsole> terminal) {
    terminal.ifPresent(
        t -> {
          System.setErr(err);
          try {
            t.close();
          } catch (IOException e) {
            log().debug("Closing the terminal failed", e);
          }
        });
  }
}
