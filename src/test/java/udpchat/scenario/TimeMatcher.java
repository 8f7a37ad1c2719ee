package udpchat.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares lines where a written {@code HH:mm:ss} stands for "a time": it matches any time in the
 * actual line, but the same written time must stand for the same actual time throughout a
 * scenario (the time y sent a message is the time x sees on it). Different written times may turn
 * out equal: the in-process runner's clock moves only when the scenario waits.
 */
final class TimeMatcher {
  private static final String TIME = "\\d{2}:\\d{2}:\\d{2}";
  private static final Pattern WRITTEN_TIME = Pattern.compile("(?<!\\d)" + TIME + "(?!\\d)");

  /** Written time → the actual time it stood for first, and where. */
  private final Map<String, String> actualOf = new HashMap<>();
  private final Map<String, String> whereBound = new HashMap<>();

  /**
   * Empty if {@code actual} matches {@code expected}; otherwise why not. A match binds the
   * line's written times to the actual ones; {@code where} names the line for later messages.
   */
  Optional<String> mismatch(String expected, String actual, String where) {
    List<String> written = new ArrayList<>();
    StringBuilder regex = new StringBuilder();
    Matcher times = WRITTEN_TIME.matcher(expected);
    int last = 0;
    while (times.find()) {
      regex.append(Pattern.quote(expected.substring(last, times.start())));
      regex.append("(").append(TIME).append(")");
      written.add(times.group());
      last = times.end();
    }
    regex.append(Pattern.quote(expected.substring(last)));
    Matcher match = Pattern.compile(regex.toString()).matcher(actual);
    if (!match.matches()) {
      return Optional.of("the line differs");
    }
    Map<String, String> newBindings = new HashMap<>();
    for (int i = 0; i < written.size(); i++) {
      String time = written.get(i);
      String seen = match.group(i + 1);
      String bound = actualOf.getOrDefault(time, newBindings.get(time));
      if (bound != null && !bound.equals(seen)) {
        String origin = whereBound.getOrDefault(time, where);
        return Optional.of(
            "written time " + time + " is " + seen + " here but " + bound + " at " + origin);
      }
      newBindings.put(time, seen);
    }
    newBindings.forEach(
        (time, seen) -> {
          if (actualOf.putIfAbsent(time, seen) == null) {
            whereBound.put(time, where);
          }
        });
    return Optional.empty();
  }
}
