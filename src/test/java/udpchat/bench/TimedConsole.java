package udpchat.bench;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import udpchat.console.Console;

/**
 * A client's console for the benchmark: every line with the System.nanoTime() at which the node
 * printed it, to be read in order by the thread that measures.
 */
final class TimedConsole implements Console {
  record Line(long nanos, String text) {}

  private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();

  @Override
  public void line(String text) {
    raw(PROMPT + text);
  }

  @Override
  public void raw(String text) {
    lines.add(new Line(System.nanoTime(), text));
  }

  /** The next line, or null if none comes within the time. */
  Line next(long timeoutMillis) throws InterruptedException {
    return lines.poll(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** Skips lines until {@code text}; null if it does not come within the time. */
  Line await(String text, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      Line line = left > 0 ? next(left) : null;
      if (line == null || line.text().equals(text)) {
        return line;
      }
    }
  }

  void clear() {
    lines.clear();
  }
}
