package udpchat.console;

import java.io.PrintStream;

/** One plain line per event, flushed at once: for pipes, scripts and CI transcripts. */
public final class PlainConsole implements Console {
  private final PrintStream out;

  public PlainConsole(PrintStream out) {
    this.out = out;
  }

  @Override
  public void line(String text) {
    raw(PROMPT + text);
  }

  @Override
  public void raw(String text) {
    out.println(text);
    out.flush();
  }
}
