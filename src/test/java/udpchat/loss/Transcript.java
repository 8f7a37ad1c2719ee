package udpchat.loss;

import java.util.ArrayList;
import java.util.List;
import udpchat.console.Console;

/**
 * What one client has printed, over all its processes (a client restarted after a silent leave
 * goes on in the same transcript, as on one screen). The world's thread writes, the test reads
 * between steps.
 */
final class Transcript implements Console {
  private final List<String> lines = new ArrayList<>();

  @Override
  public void line(String text) {
    raw(PROMPT + text);
  }

  @Override
  public synchronized void raw(String text) {
    lines.add(text);
  }

  synchronized int size() {
    return lines.size();
  }

  synchronized String get(int index) {
    return lines.get(index);
  }

  /** The lines from {@code start} (inclusive) to {@code end} (exclusive). */
  synchronized List<String> between(int start, int end) {
    return List.copyOf(lines.subList(start, end));
  }

  synchronized List<String> all() {
    return List.copyOf(lines);
  }
}
