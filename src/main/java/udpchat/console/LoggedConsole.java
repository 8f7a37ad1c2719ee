package udpchat.console;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A console that also writes each line it prints to the log, at DEBUG on {@code udpchat.console}
 * ({@code printed >>> [Welcome, You are registered.]}), so a run's diagram can show what the
 * person saw beside the datagrams that caused it.
 */
public final class LoggedConsole implements Console {
  /** The logger of the person's lines: what they typed and what they were shown. */
  public static final Logger LOG = LoggerFactory.getLogger("udpchat.console");

  private final Console console;

  public LoggedConsole(Console console) {
    this.console = console;
  }

  @Override
  public void line(String text) {
    console.line(text);
    if (LOG.isDebugEnabled()) {
      LOG.debug("printed {}{}", PROMPT, text);
    }
  }

  @Override
  public void raw(String text) {
    console.raw(text);
    if (LOG.isDebugEnabled()) {
      LOG.debug("printed {}", text);
    }
  }
}
