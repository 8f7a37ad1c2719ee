package udpchat.loss;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import udpchat.console.Console;

/**
 * What one client has printed, over all its processes (a client restarted after a silent leave
 * goes on in the same transcript, as on one screen). The world's thread writes, the test reads
 * between steps.
 */
final class Transcript implements Console {
  private static final Pattern TABLE_ENTRY =
      Pattern.compile("'([^']+)': \\('[^']+', '[^']+', \\d+, (True|False)\\)");

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

  /**
   * Of a server's transcript: who the last table it printed (in full: the table is small) lists
   * online, by name; empty before the first table.
   */
  synchronized Map<String, Boolean> lastTable() {
    Map<String, Boolean> online = new LinkedHashMap<>();
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith("{")) {
        Matcher entry = TABLE_ENTRY.matcher(lines.get(i));
        while (entry.find()) {
          online.put(entry.group(1), entry.group(2).equals("True"));
        }
        break;
      }
    }
    return online;
  }
}
