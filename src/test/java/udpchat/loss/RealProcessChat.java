package udpchat.loss;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import udpchat.console.Console;
import udpchat.console.ConsoleLines;
import udpchat.testing.FreePorts;
import udpchat.testing.JavaCommand;
import udpchat.testing.LossyNamespace;
import udpchat.testing.NodeProcess;
import udpchat.testing.TestDirectories;

/**
 * A server and its clients, each {@code java -jar udpchat.jar} in a process of its own ({@link
 * NodeProcess}), all inside a {@link LossyNamespace}: real UDP on 127.0.0.1, real time, and every
 * datagram at risk of being lost. What each node prints goes to its {@link Transcript}; a client
 * started again after its process ended goes on in the same one, as on one screen. Logs, data and
 * standard error are under the working directory given.
 */
final class RealProcessChat implements AutoCloseable {
  private static final String LOOPBACK = "127.0.0.1";
  private static final Duration POLL = Duration.ofMillis(20);

  private final LossyNamespace namespace;
  private final Path jar;
  private final Path workDir;
  private final int serverPort = FreePorts.next();
  private final Transcript server = new Transcript();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, Transcript> transcripts = new LinkedHashMap<>();
  private final Map<String, NodeProcess> running = new HashMap<>();
  private final List<NodeProcess> all = new ArrayList<>();
  /** Clients whose current process has ended by itself (after "[Server not responding]"). */
  private final Set<String> exited = ConcurrentHashMap.newKeySet();
  /** Per client, where in its transcript a process started after the one before exited. */
  private final Map<String, List<Integer>> startsAfterExit = new HashMap<>();
  private int processes;

  /**
   * Starts the server in {@code namespace} and waits for its first line; the clients {@code
   * names}, each with a port of its own, are not started yet.
   */
  RealProcessChat(LossyNamespace namespace, Path jar, Path workDir, List<String> names,
      Duration patience) {
    this.namespace = namespace;
    this.jar = jar.toAbsolutePath();
    this.workDir = TestDirectories.fresh(workDir);
    names.forEach(name -> {
      ports.put(name, FreePorts.next());
      transcripts.put(name, new Transcript());
    });
    launch("server", server, List.of("-s", String.valueOf(serverPort)));
    String listening = Console.PROMPT + ConsoleLines.serverListening(serverPort);
    if (!await(() -> server.all().contains(listening), patience)) {
      throw new AssertionError("the server did not start within " + patience + ": "
          + server.all() + "; stderr in " + this.workDir);
    }
  }

  /** Starts a client, or starts it again from the same address after its process ended. */
  void start(String name) {
    Transcript transcript = transcripts.get(name);
    if (exited.remove(name)) {
      startsAfterExit.computeIfAbsent(name, n -> new ArrayList<>()).add(transcript.size());
    }
    running.put(name, launch(name, transcript, List.of("-c", name, LOOPBACK,
        String.valueOf(serverPort), String.valueOf(ports.get(name)))));
  }

  private NodeProcess launch(String node, Transcript transcript, List<String> arguments) {
    // Small, quick-starting JVMs, as the end-to-end runner's: several start at once on shared cores.
    List<String> command =
        namespace.inside(JavaCommand.light().with("-Xss512k", "-Xmx96m").jar(jar, arguments));
    Path stderr = workDir.resolve(node + "-" + ++processes + ".stderr");
    NodeProcess process = NodeProcess.start(node, command, workDir, stderr,
        new NodeProcess.Output() {
          @Override
          public void line(String line) {
            transcript.raw(line);
          }

          @Override
          public void exited(int status) {
            exited.add(node);
          }
        });
    all.add(process);
    return process;
  }

  void type(String name, String line) {
    running.get(name).type(line);
  }

  /** Whether the client's current process has ended by itself, its last line read. */
  boolean hasExited(String name) {
    return exited.contains(name);
  }

  Transcript transcript(String name) {
    return transcripts.get(name);
  }

  Map<String, Transcript> transcripts() {
    return new LinkedHashMap<>(transcripts);
  }

  Transcript serverTranscript() {
    return server;
  }

  /** Per client, where in its transcript a process started whose predecessor exited by itself. */
  Map<String, List<Integer>> startsAfterExit() {
    Map<String, List<Integer>> copy = new HashMap<>();
    startsAfterExit.forEach((name, starts) -> copy.put(name, List.copyOf(starts)));
    return copy;
  }

  Path workDir() {
    return workDir;
  }

  /** Polls {@code done} until it holds or {@code patience} has passed; whether it holds. */
  static boolean await(BooleanSupplier done, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      pause(POLL);
    }
    return true;
  }

  static void pause(Duration amount) {
    try {
      Thread.sleep(amount.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Every process still running is killed, so that the namespace can go. */
  @Override
  public void close() {
    all.forEach(NodeProcess::close);
  }
}
