package udpchat.scenario;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One node as a separate process: lines typed into its standard input through a pipe (so it runs
 * in non-terminal mode), every line of its standard output recorded in the transcript, its
 * standard error kept in a file. When the process ends by itself its exit status is recorded
 * after its last line; when the runner ends it (kill, stop), it is not.
 */
final class NodeProcess {
  private static final long EXIT_WAIT_SECONDS = 10;

  private final Process process;
  private final Writer input;
  private final Thread reader;
  private volatile boolean endedByRunner;

  private NodeProcess(String node, Process process, Transcripts transcripts) {
    this.process = process;
    this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.reader = new Thread(() -> readOutput(node, transcripts), "stdout-" + node);
    reader.setDaemon(true);
    reader.start();
  }

  static NodeProcess start(
      String node, List<String> command, Path workDir, Path stderr, Transcripts transcripts) {
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
              .start();
      return new NodeProcess(node, process, transcripts);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + node + ": " + command, e);
    }
  }

  private void readOutput(String node, Transcripts transcripts) {
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        transcripts.add(node, line);
      }
      int status = process.waitFor();
      if (!endedByRunner) {
        transcripts.exited(node, status);
      }
    } catch (IOException e) {
      // The pipe broke because the process was killed: nothing more to read.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Types a line, as a person would, followed by Enter. A node that has exited ignores it. */
  void type(String line) {
    try {
      input.write(line + "\n");
      input.flush();
    } catch (IOException e) {
      // The node has already exited; its transcript shows why.
    }
  }

  /** End of input: the pipe is closed, as Ctrl-D does on a terminal. */
  void closeInput() {
    try {
      input.close();
    } catch (IOException e) {
      // Already closed or the node has exited.
    }
  }

  /** A silent leave: the process is killed at once (SIGKILL). */
  void kill() {
    endedByRunner = true;
    process.destroyForcibly();
    awaitEnd();
  }

  /** An orderly stop (SIGTERM), as Ctrl-C or a service manager would. */
  void terminate() {
    endedByRunner = true;
    process.destroy();
    try {
      if (!process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    awaitEnd();
  }

  private void awaitEnd() {
    try {
      process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
      reader.join(TimeUnit.SECONDS.toMillis(EXIT_WAIT_SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }
}
