package udpchat.terminal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A private tmux server (its own socket file, no user configuration) holding terminal sessions
 * that tests type into ({@link #type}, {@link #press}) and read the screen of ({@link #screen}).
 */
final class Tmux implements AutoCloseable {
  private final Path socket;

  /** A server listening on {@code socket}, a path short enough for a Unix socket. */
  Tmux(Path socket) {
    this.socket = socket;
  }

  /** Whether a tmux command can be run on this machine. */
  static boolean isInstalled() {
    try {
      Process process =
          new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Starts {@code command} in {@code directory}, in a new detached session of the given size.
   * When the command ends, the shell prints {@link #exitLine} of its status on the screen (sooner
   * and more surely than tmux notices a dead pane), and the pane stays, so it can still be read.
   */
  void newSession(String session, int width, int height, Path directory, List<String> command) {
    run(
        "new-session", "-d", "-s", session, "-x", String.valueOf(width), "-y",
        String.valueOf(height), "-c", directory.toString(),
        shellWords(command) + "; echo \"[exit status $?]\"",
        ";", "set-option", "-t", session, "remain-on-exit", "on");
  }

  /** Types {@code text} literally, as a person would (no key names). */
  void type(String session, String text) {
    run("send-keys", "-t", session, "-l", text);
  }

  /** Presses keys by their tmux names: {@code Enter}, {@code Up}, {@code C-u}… */
  void press(String session, String... keys) {
    List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
    args.addAll(List.of(keys));
    run(args.toArray(String[]::new));
  }

  /** The visible screen, one string per row, without the empty rows below the last text. */
  List<String> screen(String session) {
    List<String> rows = new ArrayList<>(run("capture-pane", "-p", "-t", session).lines().toList());
    while (!rows.isEmpty() && rows.get(rows.size() - 1).isBlank()) {
      rows.remove(rows.size() - 1);
    }
    return rows;
  }

  /** The line a session shows once its command has ended with {@code status}. */
  static String exitLine(int status) {
    return "[exit status " + status + "]";
  }

  /** Ends every session and the tmux server (each pane's process gets a hang-up). */
  @Override
  public void close() {
    try {
      Process process = command("kill-server").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      // no server left to stop
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String run(String... args) {
    try {
      Process process = command(args).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("tmux " + String.join(" ", args) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("tmux " + String.join(" ", args) + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private ProcessBuilder command(String... args) {
    List<String> line = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "-f", "/dev/null"));
    line.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(line);
    // tmux refuses to start without a terminal type, which a CI runner may not set
    builder.environment().putIfAbsent("TERM", "xterm");
    return builder;
  }

  /** One shell command line that runs exactly these words. */
  private static String shellWords(List<String> words) {
    return words.stream()
        .map(word -> "'" + word.replace("'", "'\\''") + "'")
        .collect(Collectors.joining(" "));
  }
}
