package udpchat.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows the server's log for its "round over" lines (one per finished delivery round, e.g. a
 * group fan-out), which say when the last answer came in, as the server's System.nanoTime():
 *
 * <pre>round over: 1000 recipients, 1000 answered, 0 did not, last answer 3412 us after the first
 * send (end nanoTime=123456789)</pre>
 *
 * On Linux System.nanoTime() is CLOCK_MONOTONIC, one clock for every process on the host, so
 * "end nanoTime" minus the generator's nanoTime when it sent the group message is the time from
 * send_all to the last ACK at the server. The line is read tolerantly (any order of its parts),
 * and servers without it are noticed so the benchmark falls back to what the generator sees. A
 * line without an end time (an older server's DEBUG line "round over: 70 answered, 930 did not")
 * still tells how many answered.
 */
final class ServerRoundLog {
  /** One finished round; -1 for what the line did not say (an older server: no end time). */
  record RoundEnd(int recipients, int answered, int unanswered, long endNanos, String line) {
    /** How many the round went to: stated, or answered plus did not. */
    int size() {
      return recipients >= 0 ? recipients
          : answered >= 0 && unanswered >= 0 ? answered + unanswered : -1;
    }
  }

  private static final Pattern ROUND_OVER = Pattern.compile("round over", Pattern.CASE_INSENSITIVE);
  private static final Pattern RECIPIENTS = Pattern.compile("(\\d+)\\s+recipients?");
  private static final Pattern ANSWERED = Pattern.compile("(\\d+)\\s+answered");
  private static final Pattern DID_NOT = Pattern.compile("(\\d+)\\s+did(?:\\s+not|n't)");
  private static final Pattern END =
      Pattern.compile("nano_?time\\s*[=:]?\\s*(-?\\d+)", Pattern.CASE_INSENSITIVE);

  private final Path log;
  private final Deque<RoundEnd> unread = new ArrayDeque<>();
  private final StringBuilder partial = new StringBuilder();
  private long position;
  private long lastRead;
  private int linesWithoutEnd;

  ServerRoundLog(Path log) {
    this.log = log;
  }

  /** Skips everything logged so far. */
  void skipToEnd() {
    lastRead = 0;
    read();
    unread.clear();
  }

  /** Reads what was added since the last look (at most every 2 ms). */
  void read() {
    long now = System.nanoTime();
    if (lastRead != 0 && now - lastRead < 2_000_000) {
      return;
    }
    lastRead = now;
    try {
      if (!Files.exists(log)) {
        return;
      }
      long size = Files.size(log);
      if (size < position) { // rolled over: a new file
        position = 0;
        partial.setLength(0);
      }
      if (size == position) {
        return;
      }
      try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
        file.seek(position);
        byte[] bytes = new byte[(int) Math.min(size - position, 64 << 20)];
        file.readFully(bytes);
        position += bytes.length;
        partial.append(new String(bytes, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      return;
    }
    int start = 0;
    for (int nl = partial.indexOf("\n"); nl >= 0; nl = partial.indexOf("\n", start)) {
      parse(partial.substring(start, nl));
      start = nl + 1;
    }
    partial.delete(0, start);
  }

  private void parse(String line) {
    RoundEnd end = parseLine(line);
    if (end != null) {
      if (end.endNanos() < 0) {
        linesWithoutEnd++;
      }
      unread.add(end);
    }
  }

  /** A "round over" line read, or null for any other line. */
  static RoundEnd parseLine(String line) {
    if (!ROUND_OVER.matcher(line).find()) {
      return null;
    }
    return new RoundEnd((int) number(RECIPIENTS, line), (int) number(ANSWERED, line),
        (int) number(DID_NOT, line), number(END, line), line);
  }

  private static long number(Pattern pattern, String line) {
    Matcher matcher = pattern.matcher(line);
    return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
  }

  /**
   * The first unread round end that matches, dropping the ones before it; empty if none has come
   * (call {@link #read} first).
   */
  Optional<RoundEnd> take(Predicate<RoundEnd> wanted) {
    while (!unread.isEmpty()) {
      RoundEnd next = unread.poll();
      if (wanted.test(next)) {
        return Optional.of(next);
      }
    }
    return Optional.empty();
  }

  /** "round over" lines seen without an end time (a server older than the line's end time). */
  int linesWithoutEnd() {
    return linesWithoutEnd;
  }
}
