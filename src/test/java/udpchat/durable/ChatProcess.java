package udpchat.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One node of UdpChat as a process of its own: {@code java -cp <the test classpath> udpchat.Main},
 * its standard input a pipe (so it prints plain lines), every line of its standard output checked
 * in order against what a person must see. Expected lines leave out the {@code >>> } prefix (a
 * table, which has none, starts with <code>{</code>); in them {@code <T>} stands for a time,
 * {@code HH:mm:ss}.
 */
final class ChatProcess implements AutoCloseable {
  private static final Duration LINE_WAIT = Duration.ofSeconds(40);
  private static final Pattern TIME = Pattern.compile("\\d\\d:\\d\\d:\\d\\d");
  static final String ANY_TIME = "<T>";

  private final String name;
  private final Process process;
  private final Writer input;
  private final Path stderr;
  private final LinkedBlockingQueue<String> unread = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private ChatProcess(String name, Process process, Path stderr) {
    this.name = name;
    this.process = process;
    this.stderr = stderr;
    this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readOutput, "stdout-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code udpchat.Main args} in {@code workDir} with the {@code -D} settings given (logs
   * and data under {@code workDir}, unless a setting says otherwise).
   */
  static ChatProcess start(String name, Path workDir, List<String> settings, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // A small, quick-starting JVM: these processes run beside the build on shared cores.
    command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m"));
    command.add("-Dudpchat.log-dir=" + workDir.resolve("logs"));
    command.add("-Dudpchat.data-dir=" + workDir.resolve("data"));
    command.addAll(settings);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "udpchat.Main"));
    command.addAll(List.of(args));
    Path stderr = workDir.resolve(name + ".stderr");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
              .start();
      return new ChatProcess(name, process, stderr);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  private void readOutput() {
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        unread.add(line);
      }
    } catch (IOException e) {
      // Killed: nothing more to read.
    }
  }

  /** Types a line and Enter. */
  void type(String line) {
    try {
      input.write(line + "\n");
      input.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(name + " no longer reads its input", e);
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
  void kill() throws InterruptedException {
    process.destroyForcibly();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), name + " did not die");
  }

  /** SIGTERM, as Ctrl-C or a service manager would; returns the exit status. */
  int terminate() throws InterruptedException {
    process.destroy();
    return awaitExit();
  }

  int awaitExit() throws InterruptedException {
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail(name + " did not exit; so far: " + seen);
    }
    return process.exitValue();
  }

  void expectExit(int status) throws InterruptedException {
    assertEquals(status, awaitExit(), name + "'s exit status; stderr: " + stderrText());
  }

  String stderrText() {
    try {
      return Files.exists(stderr) ? Files.readString(stderr) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
