package udpchat.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import udpchat.testing.JavaCommand;
import udpchat.testing.NodeProcess;

/**
 * Runs a scenario end to end: every node is {@code java -jar udpchat.jar} in its own process,
 * talking real UDP on 127.0.0.1 in real time. The ACK timeout is shortened for speed
 * ({@code -Dudpchat.ack-timeout}); a scenario's {@code wait} shrinks in proportion.
 */
final class ProcessDriver implements ScenarioDriver {
  /** The built-in ACK timeout, which scenario waits are written against. */
  private static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofMillis(500);
  /** How long a step may take before the run is declared stalled (JVM start-up included). */
  private static final Duration STEP_PATIENCE = Duration.ofSeconds(30);
  /** After the server printed a new table: time for its silent table updates to land. */
  private static final Duration GRACE = Duration.ofMillis(50);
  private static final String LOOPBACK = "127.0.0.1";

  private final Path jar;
  private final Path workDir;
  private final Duration ackTimeout;
  private final Transcripts transcripts = new Transcripts();
  private final Map<String, NodeProcess> running = new HashMap<>();
  private final List<NodeProcess> all = new ArrayList<>();
  private int started;
  private int serverLines;

  ProcessDriver(Path jar, Path workDir, Duration ackTimeout) {
    this.jar = jar.toAbsolutePath();
    this.workDir = workDir;
    this.ackTimeout = ackTimeout;
  }

  @Override
  public void startServer(int port) {
    launch(ScenarioParser.SERVER, List.of("-s", String.valueOf(port)));
  }

  @Override
  public void startClient(String node, String chatName, int port, int serverPort) {
    launch(
        node,
        List.of("-c", chatName, LOOPBACK, String.valueOf(serverPort), String.valueOf(port)));
  }

  private void launch(String node, List<String> arguments) {
    // Small, quick-starting JVMs: a scenario may run twenty of them at once.
    List<String> command =
        JavaCommand.light()
            .with("-Xss512k", "-Xmx96m")
            .setting("udpchat.ack-timeout", ackTimeout.toMillis() + "ms")
            .jar(jar, arguments);
    Path stderr = workDir.resolve(node + "-" + ++started + ".stderr");
    NodeProcess process = NodeProcess.start(node, command, workDir, stderr, transcriptOf(node));
    running.put(node, process);
    all.add(process);
  }

  /** Every line the node prints, then its exit status when it ends by itself. */
  private NodeProcess.Output transcriptOf(String node) {
    return new NodeProcess.Output() {
      @Override
      public void line(String line) {
        transcripts.add(node, line);
      }

      @Override
      public void exited(int status) {
        transcripts.exited(node, status);
      }
    };
  }

  @Override
  public void type(String node, String line) {
    running.get(node).type(line);
  }

  @Override
  public void closeInput(String node) {
    running.get(node).closeInput();
  }

  @Override
  public void kill(String node) {
    running.get(node).kill();
  }

  @Override
  public void stopServer() {
    running.get(ScenarioParser.SERVER).terminate();
  }

  @Override
  public void pass(Duration amount) {
    pause(amount.multipliedBy(ackTimeout.toMillis()).dividedBy(DEFAULT_ACK_TIMEOUT.toMillis()));
  }

  @Override
  public void inject(String node, int port, byte[] bytes) {
    try (DatagramSocket outsider = new DatagramSocket()) {
      outsider.send(
          new DatagramPacket(bytes, bytes.length, InetAddress.getByName(LOOPBACK), port));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot inject into " + node, e);
    }
  }

  @Override
  public void net(NetChange change, Map<String, Integer> ports) {
    throw new UnsupportedOperationException("only the simulated network can do: " + change);
  }

  @Override
  public boolean awaitLines(Map<String, Integer> counts) {
    boolean reached = transcripts.awaitReached(counts, STEP_PATIENCE);
    int server = counts.getOrDefault(ScenarioParser.SERVER, 0);
    if (server > serverLines) {
      // The next step may rely on a client knowing the new table.
      serverLines = server;
      pause(GRACE);
    }
    return reached;
  }

  @Override
  public void settle() {
    pause(ackTimeout.multipliedBy(2));
  }

  @Override
  public Transcripts transcripts() {
    return transcripts;
  }

  @Override
  public void close() {
    all.stream().filter(NodeProcess::isAlive).forEach(NodeProcess::kill);
  }

  private static void pause(Duration amount) {
    try {
      Thread.sleep(amount.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
