package udpchat.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import udpchat.testing.FreePorts;
import udpchat.testing.JavaCommand;
import udpchat.testing.NodeProcess;

/**
 * A real client on a real terminal: the client {@code x} runs in a tmux session, talking over UDP
 * to a real server and to a second client {@code y} whose input is a pipe; every node is its own
 * JVM. While the person at {@code x} is half-way through typing a line, a message from {@code y}
 * arrives: it must appear above the prompt, and the prompt with the half-typed text must stay
 * intact on the last line, ready to be finished and sent.
 *
 * <p>Needs tmux. Without it the test is skipped, except on CI ({@code CI=true}), where it fails:
 * .ci/run installs tmux.
 */
class TerminalPromptTest {
  /** How long a node may take to start on a busy machine. */
  private static final Duration START_WAIT = Duration.ofSeconds(45);

  /** How long an expected screen or line may take to appear. */
  private static final Duration SCREEN_WAIT = Duration.ofSeconds(15);

  private static final String WELCOME = ">>> [Welcome, You are registered.]";
  private static final String SESSION = "x";

  @TempDir Path workDir;

  private final List<NodeProcess> nodes = new ArrayList<>();
  private Tmux tmux;
  private Path logbackXml;

  @BeforeEach
  void needTmux() throws IOException {
    boolean installed = Tmux.isInstalled();
    if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("tmux is not installed, and this test must run on CI (.ci/run installs tmux)");
    }
    assumeTrue(installed, "tmux is not installed: the terminal test is skipped");
    tmux = new Tmux(workDir.resolve("tmux.socket"));
    // The nodes log as the jar does (logs/<node>.log in the work directory), not as the tests do.
    logbackXml = workDir.resolve("logback.xml");
    try (InputStream builtIn = getClass().getResourceAsStream("/logback.xml")) {
      Files.copy(builtIn, logbackXml);
    }
  }

  @AfterEach
  void stopEverything() throws InterruptedException {
    if (tmux != null) {
      tmux.close();
    }
    nodes.forEach(NodeProcess::terminate);
  }

  @Test
  void aMessageArrivingWhileTypingIsPrintedAboveThePromptAndTheTypedTextStays() throws Exception {
    int serverPort = FreePorts.next();
    int xPort = FreePorts.next();
    int yPort = FreePorts.next();

    Path serverOut = workDir.resolve("server.out");
    startNode(serverOut, "-s", String.valueOf(serverPort));
    awaitLine(serverOut, ">>> [Server listening on port " + serverPort + ".]", START_WAIT);

    Path yOut = workDir.resolve("y.out");
    NodeProcess y =
        startNode(yOut, "-c", "y", "127.0.0.1", String.valueOf(serverPort), String.valueOf(yPort));
    awaitLine(yOut, WELCOME, START_WAIT);

    tmux.newSession(
        SESSION, 120, 30, workDir,
        nodeCommand("-c", "x", "127.0.0.1", String.valueOf(serverPort), String.valueOf(xPort)));
    awaitScreen(
        "x registered, with its prompt on the last line",
        screen -> screen.contains(WELCOME) && lastRow(screen).equals(">>>"),
        START_WAIT);
    awaitYKnows("x 127.0.0.1:" + xPort + " online", y, yOut);

    tmux.type(SESSION, "send y hello fr");
    awaitScreen(
        "the half-typed line after the prompt",
        screen -> lastRow(screen).equals(">>> send y hello fr"),
        SCREEN_WAIT);

    y.type("send x a message while you type");
    awaitLine(yOut, ">>> [Message received by x.]", SCREEN_WAIT);
    List<String> screen =
        awaitScreen(
            "the message above the prompt, and the half-typed line intact",
            rows ->
                rows.contains(">>> y: a message while you type")
                    && lastRow(rows).equals(">>> send y hello fr"),
            SCREEN_WAIT);
    assertEquals(
        List.of(WELCOME, ">>> y: a message while you type", ">>> send y hello fr"),
        screen.subList(screen.size() - 3, screen.size()),
        "the last rows of x's screen");

    tmux.type(SESSION, "om x");
    tmux.press(SESSION, "Enter");
    awaitLine(yOut, ">>> x: hello from x", SCREEN_WAIT);
    awaitScreen(
        "the finished line sent and acknowledged, and a fresh prompt",
        rows ->
            rows.indexOf(">>> send y hello from x") >= 0
                && rows.indexOf(">>> [Message received by y.]")
                    > rows.indexOf(">>> send y hello from x")
                && lastRow(rows).equals(">>>"),
        SCREEN_WAIT);

    // The arrow key brings the line back from the history; quit ends the client cleanly.
    tmux.press(SESSION, "Up");
    awaitScreen(
        "the last line recalled",
        rows -> lastRow(rows).equals(">>> send y hello from x"),
        SCREEN_WAIT);
    tmux.press(SESSION, "C-u");
    tmux.type(SESSION, "quit");
    tmux.press(SESSION, "Enter");
    awaitScreen(
        "x offline and ended",
        rows ->
            rows.indexOf(">>> [You are Offline. Bye.]") >= 0
                && rows.indexOf(Tmux.exitLine(0)) > rows.indexOf(">>> [You are Offline. Bye.]"),
        SCREEN_WAIT);
  }

  // ---------------------------------------------------------------- nodes

  /** A node in its own JVM, on the tests' class path, with its output in {@code out}. */
  private NodeProcess startNode(Path out, String... args) {
    String name = out.getFileName().toString();
    NodeProcess node =
        NodeProcess.startToFile(
            name, nodeCommand(args), workDir, out, workDir.resolve(name + ".stderr"));
    nodes.add(node);
    return node;
  }

  /** Quick to start and light on a busy machine: these nodes run for seconds. */
  private List<String> nodeCommand(String... args) {
    return JavaCommand.light().setting("logback.configurationFile", logbackXml).node(List.of(args));
  }

  /**
   * y learns about x from a table update that may still be on its way: ask y's list until it
   * shows x.
   */
  private void awaitYKnows(String listLine, NodeProcess y, Path yOut) throws Exception {
    long deadline = System.nanoTime() + SCREEN_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      y.type("list");
      if (poll(() -> lines(yOut).contains(">>> " + listLine), Duration.ofSeconds(1))) {
        return;
      }
    }
    fail("y's list never showed '" + listLine + "'" + diagnostics());
  }

  // ---------------------------------------------------------------- waiting

  private List<String> awaitScreen(
      String what, Predicate<List<String>> expected, Duration within) throws Exception {
    List<List<String>> last = new ArrayList<>(List.of(List.of()));
    boolean seen =
        poll(
            () -> {
              last.set(0, tmux.screen(SESSION));
              return expected.test(last.get(0));
            },
            within);
    if (!seen) {
      fail("x's screen never showed " + what + diagnostics());
    }
    return last.get(0);
  }

  private void awaitLine(Path out, String line, Duration within) throws Exception {
    if (!poll(() -> lines(out).contains(line), within)) {
      fail(out.getFileName() + " never printed '" + line + "'" + diagnostics());
    }
  }

  /** Checks {@code condition} every 100 ms until it holds (true) or the time is up (false). */
  private static boolean poll(Supplier<Boolean> condition, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      if (condition.get()) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(100);
    }
  }

  /** What each node showed, and its log, for a failure message. */
  private String diagnostics() {
    StringBuilder text = new StringBuilder();
    try {
      text.append("\n--- x's screen:\n").append(String.join("\n", tmux.screen(SESSION)));
    } catch (RuntimeException e) {
      text.append("\n--- x's screen: ").append(e.getMessage());
    }
    for (String file : List.of("server.out", "server.out.stderr", "y.out", "y.out.stderr",
        "logs/server.log", "logs/x.log", "logs/y.log")) {
      text.append("\n--- ").append(file).append(":\n");
      text.append(lines(workDir.resolve(file)).stream().collect(Collectors.joining("\n")));
    }
    return text.toString();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file)
          ? Files.readAllLines(file, StandardCharsets.UTF_8)
          : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String lastRow(List<String> screen) {
    return screen.isEmpty() ? "" : screen.get(screen.size() - 1);
  }
}
