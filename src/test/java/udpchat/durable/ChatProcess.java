package udpchat.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import udpchat.testing.JavaCommand;
import udpchat.testing.NodeProcess;

/**
 * One node of UdpChat as a process of its own ({@link NodeProcess}: {@code java -cp <the test
 * classpath> udpchat.Main}, its standard input a pipe, so it prints plain lines), every line of
 * its standard output checked in order against what a person must see. Expected lines leave out
 * the {@code >>> } prefix (a table, which has none, starts with <code>{</code>); in them
 * {@code <T>} stands for a time, {@code HH:mm:ss}.
 */
final class ChatProcess implements AutoCloseable {
  private static final Duration LINE_WAIT = Duration.ofSeconds(40);
  private static final Duration EXIT_WAIT = Duration.ofSeconds(30);
  private static final Pattern TIME = Pattern.compile("\\d\\d:\\d\\d:\\d\\d");
  static final String ANY_TIME = "<T>";

  private final String name;
  private final NodeProcess process;
  private final LinkedBlockingQueue<String> unread = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private ChatProcess(String name, Path workDir, List<String> command) {
    this.name = name;
    this.process =
        NodeProcess.start(name, command, workDir, workDir.resolve(name + ".stderr"), unread::add);
  }

  /**
   * Starts {@code udpchat.Main args} in {@code workDir} with the {@code -D} settings given (logs
   * and data under {@code workDir}, unless a setting says otherwise).
   */
  static ChatProcess start(String name, Path workDir, List<String> settings, String... args) {
    return new ChatProcess(name, workDir, java(workDir, settings).node(List.of(args)));
  }

  /**
   * The same from the packaged jar ({@code -Dudpchat.jar}, set by the build for integration
   * tests), so that it logs as it would in production: to {@code logs/<node>.log}.
   */
  static ChatProcess startJar(String name, Path workDir, List<String> settings, String... args) {
    Path jar = Path.of(System.getProperty("udpchat.jar", "target/udpchat.jar"));
    return new ChatProcess(name, workDir, java(workDir, settings).jar(jar, List.of(args)));
  }

  private static JavaCommand java(Path workDir, List<String> settings) {
    return JavaCommand.light()
        .with("-Xmx256m")
        .setting("udpchat.log-dir", workDir.resolve("logs"))
        .setting("udpchat.data-dir", workDir.resolve("data"))
        .with(settings);
  }

  /** Types a line and Enter. */
  void type(String line) {
    if (!process.type(line)) {
      fail(name + " no longer reads its input; stderr: " + stderrText());
    }
  }

  /** The next lines printed are exactly these, in this order. */
  void expect(String... lines) {
    for (String line : lines) {
      String actual = next();
      if (!matches(line, actual)) {
        fail(name + " printed \"" + actual + "\" where \"" + line + "\" was expected; so far: "
            + seen + "; stderr: " + stderrText());
      }
    }
  }

  /**
   * Like {@link #expect}, but {@code optional} may come first: a line that depends on how fast a
   * table update reached this node.
   */
  void expectAfterOptional(String optional, String... lines) {
    String first = next();
    if (!matches(optional, first)) {
      if (lines.length == 0 || !matches(lines[0], first)) {
        fail(name + " printed \"" + first + "\" where \"" + lines[0] + "\" was expected; so far: "
            + seen);
      }
      expect(List.of(lines).subList(1, lines.length).toArray(String[]::new));
      return;
    }
    expect(lines);
  }

  /** Nothing more is printed for {@code quiet}. */
  void expectNothingFor(Duration quiet) throws InterruptedException {
    String line = unread.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
    if (line != null) {
      fail(name + " printed \"" + line + "\" where nothing was expected; so far: " + seen);
    }
  }

  /** The next line printed, whatever it is. */
  String nextLine() {
    return next();
  }

  /** Every line read so far, in order. */
  List<String> transcript() {
    return List.copyOf(seen);
  }

  /** Whether a printed line is the expected one ({@code <T>} for a time, no {@code >>> }). */
  static boolean isLine(String expected, String actual) {
    return matches(expected, actual);
  }

  /** A line of the server's table as it prints it. */
  static String entry(String name, int port, boolean online) {
    return "'" + name + "': ('" + name + "', '127.0.0.1', " + port + ", "
        + (online ? "True" : "False") + ")";
  }

  /** The server's printed table of these entries, in order of registration. */
  static String table(String... entries) {
    return "{" + String.join(", ", entries) + "}";
  }

  private String next() {
    try {
      String line = unread.poll(LINE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (line == null) {
        fail(name + " printed nothing more within " + LINE_WAIT + "; so far: " + seen
            + "; alive: " + process.isAlive() + "; stderr: " + stderrText());
      }
      seen.add(line);
      return line;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static boolean matches(String expected, String actual) {
    if (expected.startsWith("{")) {
      return expected.equals(actual); // a table: printed as it is
    }
    String[] parts = (">>> " + expected).split(Pattern.quote(ANY_TIME), -1);
    StringBuilder regex = new StringBuilder(Pattern.quote(parts[0]));
    for (int i = 1; i < parts.length; i++) {
      regex.append(TIME.pattern()).append(Pattern.quote(parts[i]));
    }
    return actual.matches(regex.toString());
  }

  /** SIGKILL: the process ends at once, without a word to anyone. */
  void kill() {
    process.kill();
    assertFalse(process.isAlive(), name + " did not die");
  }

  /** SIGSTOP: there, but answering nothing until {@link #resume()}. */
  void pause() {
    process.pause();
  }

  void resume() {
    process.resume();
  }

  /** SIGTERM, as Ctrl-C or a service manager would; returns the exit status. */
  int terminate() {
    return process.terminate();
  }

  int awaitExit() {
    OptionalInt status = process.awaitExit(EXIT_WAIT);
    if (status.isEmpty()) {
      process.kill();
      fail(name + " did not exit; so far: " + seen);
    }
    return status.getAsInt();
  }

  void expectExit(int status) {
    assertEquals(status, awaitExit(), name + "'s exit status; stderr: " + stderrText());
  }

  String stderrText() {
    return process.stderrText();
  }

  @Override
  public void close() {
    process.close();
  }
}
