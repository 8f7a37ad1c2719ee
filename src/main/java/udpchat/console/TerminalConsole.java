package udpchat.console;

import java.io.IOError;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp.Capability;

/**
 * A client's console on a terminal (JLine). The {@code >>> } prompt and whatever the person has
 * half typed stay on the last line: a line that arrives meanwhile is printed above them and they
 * are redrawn. Lines typed are kept in a history (arrow keys). Ctrl-C is
 * {@link LineSource.Interrupted}, Ctrl-D on an empty line is the end of input.
 *
 * <p>{@link #line} and {@link #raw} are called by the node's actor while {@link #readLine} blocks
 * the client's reader thread; JLine's reader serialises the two. {@link #close} ends a read in
 * progress (as end of input), so the reader thread is free when the node shuts down.
 */
public final class TerminalConsole implements Console, LineSource, AutoCloseable {
  /** JLine reports through java.util.logging, which would print on stderr: the console is ours. */
  private static final Logger JLINE_LOG = Logger.getLogger("org.jline");

  /** How long {@link #close} waits for a read it ended to let go of the terminal. */
  private static final Duration READ_END_BOUND = Duration.ofSeconds(1);

  private final Terminal terminal;
  private final LineReader reader;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** The read in progress, so that {@link #close} can end it. */
  private final AtomicReference<Read> current = new AtomicReference<>();

  /** A {@link #readLine} call: the thread blocked in it, and its end. */
  private record Read(Thread thread, CompletableFuture<Void> ended) {}

  private TerminalConsole(Terminal terminal, LineReader reader) {
    this.terminal = terminal;
    this.reader = reader;
  }

  /**
   * Opens the process's terminal. {@code onInterrupt} runs when Ctrl-C is pressed while no line
   * is being read (while reading, {@link #readLine} throws {@link LineSource.Interrupted}).
   */
  public static TerminalConsole open(Runnable onInterrupt) throws IOException {
    JLINE_LOG.setLevel(Level.OFF);
    Terminal terminal =
        TerminalBuilder.builder()
            .system(true)
            .name("udpchat")
            .build();
    terminal.handle(Terminal.Signal.INT, signal -> onInterrupt.run());
    LineReader reader =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("udpchat")
            // "!" in a chat message is text, not a history reference
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
            .build();
    return new TerminalConsole(terminal, reader);
  }

  @Override
  public void line(String text) {
    reader.printAbove(PROMPT + text);
  }

  @Override
  public void raw(String text) {
    reader.printAbove(text);
  }

  /**
   * A stream for standard error whose lines are printed above the prompt like {@link #raw}:
   * standard error is this same terminal, and a line written straight to it (the packet trace of
   * {@code --trace}) would land in the middle of the prompt line. Encodes in the platform charset,
   * as the loggers that write to standard error do.
   */
  public PrintStream errorStream() {
    Charset charset = Charset.defaultCharset();
    return new PrintStream(new LinesAbove(this::raw, charset), true, charset);
  }

  @Override
  public String readLine() throws Interrupted {
    Read read = new Read(Thread.currentThread(), new CompletableFuture<>());
    // Registered before looking at closed: close() sets closed before looking here, so either
    // this read sees closed, or close() sees this read and interrupts it.
    current.set(read);
    try {
      if (closed.get()) {
        return null;
      }
      return reader.readLine(PROMPT);
    } catch (UserInterruptException e) {
      if (closed.get()) {
        // ended by close(), not by Ctrl-C; JLine has left its prompt behind: remove a bare one
        Thread.interrupted();
        if (e.getPartialLine().isEmpty()) {
          eraseLineAbove();
        }
        return null;
      }
      throw new Interrupted();
    } catch (EndOfFileException e) {
      // Ctrl-D: what the client prints next starts on a line of its own, not after the prompt
      terminal.writer().println();
      terminal.writer().flush();
      return null;
    } catch (IOError e) {
      // the terminal went away
      return null;
    } finally {
      current.set(null);
      read.ended().complete(null);
    }
  }

  private void eraseLineAbove() {
    terminal.puts(Capability.cursor_up);
    terminal.puts(Capability.carriage_return);
    terminal.puts(Capability.clr_eol);
    terminal.flush();
  }

  /**
   * Ends a read in progress as end of input (interrupting the reading thread is how JLine's own
   * Ctrl-C handler stops a read), waits briefly for it to let go of the terminal, and gives the
   * terminal back as it was (line editing, echo).
   */
  @Override
  public void close() throws IOException {
    closed.set(true);
    Read read = current.get();
    if (read != null) {
      read.thread().interrupt();
      try {
        read.ended().get(READ_END_BOUND.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // the terminal is closed below all the same
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    terminal.close();
  }
}
