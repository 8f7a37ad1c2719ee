package udpchat.console;

import java.io.IOError;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * A client's console on a terminal (JLine). The {@code >>> } prompt and whatever the person has
 * half typed stay on the last line: a line that arrives meanwhile is printed above them and they
 * are redrawn. Lines typed are kept in a history (arrow keys). Ctrl-C is
 * {@link LineSource.Interrupted}, Ctrl-D on an empty line is the end of input.
 *
 * <p>{@link #line} and {@link #raw} are called by the node's actor while {@link #readLine} blocks
 * the client's reader thread; JLine's reader serialises the two.
 */
public final class TerminalConsole implements Console, LineSource, AutoCloseable {
  /** JLine reports through java.util.logging, which would print on stderr: the console is ours. */
  private static final Logger JLINE_LOG = Logger.getLogger("org.jline");

  private final Terminal terminal;
  private final LineReader reader;

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

  @Override
  public String readLine() throws Interrupted {
    try {
      return reader.readLine(PROMPT);
    } catch (UserInterruptException e) {
      throw new Interrupted();
    } catch (EndOfFileException e) {
      // Ctrl-D: what the client prints next starts on a line of its own, not after the prompt
      terminal.writer().println();
      terminal.writer().flush();
      return null;
    } catch (IOError e) {
      // the terminal went away
      return null;
    }
  }

  /** Gives the terminal back as it was (line editing, echo). */
  @Override
  public void close() throws IOException {
    if (reader.isReading()) {
      // leave the abandoned prompt line, so the shell's prompt starts on a line of its own
      terminal.writer().println();
      terminal.writer().flush();
    }
    terminal.close();
  }
}
