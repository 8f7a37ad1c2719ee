package udpchat.testing;

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
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A node (or any program) in a process of its own, the tests' one way to run one: lines typed into
 * its standard input through a pipe (so a node runs in non-terminal mode), every line of its
 * standard output handed to an {@link Output} as it comes, or written to a file, and its standard
 * error appended to a file.
 */
public final class NodeProcess implements AutoCloseable {
  /** How long a process may take to end once asked to. */
  private static final Duration EXIT_WAIT = Duration.ofSeconds(30);

  /** Where the lines a process prints go; called on the process's own reading thread. */
  public interface Output {
    void line(String line);

    /** The process ended by itself (not by kill, terminate or close), after its last line. */
    default void exited(int status) {}
  }

  private final String name;
  private final Process process;
  private final Writer input;
  private final Path stderr;
  private final Thread reader;
  private volatile boolean endedHere;

  private NodeProcess(String name, Process process, Path stderr, Output output) {
    this.name = name;
    this.process = process;
    this.stderr = stderr;
    this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    if (output == null) {
      this.reader = null;
    } else {
      this.reader = new Thread(() -> readOutput(output), "stdout-" + name);
      reader.setDaemon(true);
      reader.start();
    }
  }

  /** Starts {@code command} in {@code workDir}, each line it prints to {@code output}. */
  public static NodeProcess start(
      String name, List<String> command, Path workDir, Path stderr, Output output) {
    ProcessBuilder builder = new ProcessBuilder(command);
    return start(name, builder, workDir, stderr, output);
  }

  /**
   * Starts {@code command} in {@code workDir} with what it prints written to {@code stdout}: for
   * a process that prints much more than its reader looks at.
   */
  public static NodeProcess startToFile(
      String name, List<String> command, Path workDir, Path stdout, Path stderr) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile());
    return start(name, builder, workDir, stderr, null);
  }

  private static NodeProcess start(
      String name, ProcessBuilder builder, Path workDir, Path stderr, Output output) {
    try {
      Process process =
          builder
              .directory(workDir.toFile())
              .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
              .start();
      return new NodeProcess(name, process, stderr, output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + builder.command(), e);
    }
  }

  private void readOutput(Output output) {
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        output.line(line);
      }
      int status = process.waitFor();
      if (!endedHere) {
        output.exited(status);
      }
    } catch (IOException e) {
      // The pipe broke because the process was killed: nothing more to read.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Types a line, as a person would, followed by Enter; false when the process no longer reads
   * its input (it has exited).
   */
  public boolean type(String line) {
    try {
      input.write(line + "\n");
      input.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** End of input: the pipe is closed, as Ctrl-D does on a terminal. */
  public void closeInput() {
    try {
      input.close();
    } catch (IOException e) {
      // Already closed, or the process has exited.
    }
  }

  /** A silent leave: the process is killed at once (SIGKILL); returns once it has ended. */
  public void kill() {
    endedHere = true;
    process.destroyForcibly();
    awaitEnd();
  }

  /**
   * An orderly stop (SIGTERM), as Ctrl-C or a service manager would, SIGKILL if it takes longer
   * than {@link #EXIT_WAIT}; returns the exit status.
   */
  public int terminate() {
    endedHere = true;
    process.destroy();
    if (awaitExit(EXIT_WAIT).isEmpty()) {
      process.destroyForcibly();
    }
    awaitEnd();
    return process.exitValue();
  }

  /**
   * SIGSTOP: the process stops where it is, its socket still bound, datagrams for it waiting in
   * the kernel until {@link #resume()}; a peer that is there but slow to answer.
   */
  public void pause() {
    signal("STOP");
  }

  /** SIGCONT: a paused process goes on, and reads what came meanwhile. */
  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
          .redirectErrorStream(true).start();
      if (!kill.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The exit status, once the process has ended by itself within {@code within}. */
  public OptionalInt awaitExit(Duration within) {
    try {
      return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)
          ? OptionalInt.of(process.exitValue())
          : OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    }
  }

  /** Waits for the process to end and its last lines to be read. */
  private void awaitEnd() {
    try {
      process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (reader != null) {
        reader.join(EXIT_WAIT.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public String name() {
    return name;
  }

  /** What the process wrote to its standard error so far, for a failure message. */
  public String stderrText() {
    try {
      return Files.exists(stderr) ? Files.readString(stderr) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** Clean-up after a test: a process still running is killed. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
