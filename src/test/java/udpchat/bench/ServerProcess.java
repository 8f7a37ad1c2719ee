package udpchat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import udpchat.testing.FreePorts;
import udpchat.testing.JavaCommand;
import udpchat.testing.NodeProcess;
import udpchat.testing.TestPostgres;

/**
 * The real server in a process of its own: {@code java -jar udpchat.jar -s PORT}, in a fresh
 * working directory (so its {@code data/} and {@code logs/} go there), its stdout (the table lines)
 * to a file there. Started, waited for until it prints that it listens, stopped with SIGTERM.
 */
final class ServerProcess implements AutoCloseable {
  private static final long START_TIMEOUT_MILLIS = 120_000;

  private final NodeProcess process;
  private final Path dir;
  private final int port;
  private final String logName;
  private final boolean keep;

  private ServerProcess(NodeProcess process, Path dir, int port, String logName, boolean keep) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.logName = logName;
    this.keep = keep;
  }

  /**
   * @param logging how the server logs ({@code udpchat.<key>} settings as -D options, files)
   * @param keep leave the working directory (logs, data) behind when stopped
   */
  static ServerProcess start(Path jar, Path parent, String label, LogVariant logging, boolean keep)
      throws IOException, InterruptedException {
    return start(jar, parent, label, logging, keep, Map.of());
  }

  /** @param settings more {@code udpchat.<key>} settings, e.g. {@code rate-limit.per-second} */
  static ServerProcess start(Path jar, Path parent, String label, LogVariant logging, boolean keep,
      Map<String, String> settings) throws IOException, InterruptedException {
    ServerProcess server = launch(jar, parent, label, logging, keep, settings, List.of(),
        FreePorts.next(), List.of());
    server.awaitListening();
    return server;
  }

  /** One server (no cluster) with the PostgreSQL journal of {@link TestPostgres}. */
  static ServerProcess startOnPostgres(Path jar, Path parent, String label, LogVariant logging,
      boolean keep) throws IOException, InterruptedException {
    ServerProcess server = launch(jar, parent, label, logging, keep, Map.of(),
        TestPostgres.storeSettings(), FreePorts.next(), List.of());
    server.awaitListening();
    return server;
  }

  /**
   * A cluster node on the PostgreSQL journal of {@link TestPostgres}, started but not waited
   * for (the nodes of a cluster start side by side; then {@link #awaitListening}).
   *
   * @param seeds the cluster ports of the seed nodes on 127.0.0.1
   */
  static ServerProcess launchClusterNode(Path jar, Path parent, String label, LogVariant logging,
      boolean keep, int udpPort, int clusterPort, List<Integer> seeds) throws IOException {
    String seedNodes = String.join(",", seeds.stream().map(p -> "127.0.0.1:" + p).toList());
    return launch(jar, parent, label, logging, keep, Map.of(), TestPostgres.storeSettings(),
        udpPort, List.of("--cluster-port", Integer.toString(clusterPort), "--seed-nodes",
            seedNodes));
  }

  private static ServerProcess launch(Path jar, Path parent, String label, LogVariant logging,
      boolean keep, Map<String, String> settings, List<String> options, int port,
      List<String> clusterArgs) throws IOException {
    Files.createDirectories(parent);
    Path dir = Files.createTempDirectory(parent.toAbsolutePath(), "server-" + label + "-");
    logging.prepare(dir, jar);
    JavaCommand java = JavaCommand.standard().with(options);
    for (Map.Entry<String, String> setting : logging.settings().entrySet()) {
      java = java.setting("udpchat." + setting.getKey(), setting.getValue());
    }
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      java = java.setting("udpchat." + setting.getKey(), setting.getValue());
    }
    List<String> args = new ArrayList<>(List.of("-s", Integer.toString(port)));
    args.addAll(clusterArgs);
    NodeProcess process =
        NodeProcess.startToFile(
            "server-" + label, java.jar(jar, args), dir, dir.resolve("stdout.txt"),
            dir.resolve("stderr.txt"));
    // A cluster node logs to a file named after its port (nodes may share a directory).
    String logName = clusterArgs.isEmpty() ? "server.log" : "server-" + port + ".log";
    return new ServerProcess(process, dir, port, logName, keep);
  }

  void awaitListening() throws IOException, InterruptedException {
    String listening = ">>> [Server listening on port " + port + ".]";
    Path stdout = dir.resolve("stdout.txt");
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (Files.readString(stdout, StandardCharsets.UTF_8).contains(listening)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IOException("the server exited with status "
            + process.awaitExit(Duration.ZERO).orElse(-1) + ": " + process.stderrText().strip());
      }
      Thread.sleep(20);
    }
    close();
    throw new IOException("the server did not say it listens within " + START_TIMEOUT_MILLIS + " ms");
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  Path dir() {
    return dir;
  }

  /** The server's log file (logs/server.log under its working directory, a cluster node's
   * logs/server-PORT.log). */
  Path log() {
    return dir.resolve("logs").resolve(logName);
  }

  /** Lines of the log file with this text (for a summary of warnings after a phase). */
  long countLogLines(String text) {
    try (Stream<Path> logs = Files.list(dir.resolve("logs"))) {
      long count = 0;
      for (Path file : logs.toList()) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
          count += lines.filter(line -> line.contains(text)).count();
        }
      }
      return count;
    } catch (IOException | java.io.UncheckedIOException e) {
      return -1;
    }
  }

  /** Bytes the server has written to its log files so far. */
  long logBytes() {
    try (Stream<Path> logs = Files.list(dir.resolve("logs"))) {
      long bytes = 0;
      for (Path file : logs.toList()) {
        bytes += Files.size(file);
      }
      return bytes;
    } catch (IOException e) {
      return -1;
    }
  }

  /** SIGTERM (a clean stop, status 0), SIGKILL if it takes too long; then removes its files. */
  @Override
  public void close() {
    process.terminate();
    removeFiles();
  }

  private void removeFiles() {
    if (!keep) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // left behind under target/bench
      }
    }
  }
}
