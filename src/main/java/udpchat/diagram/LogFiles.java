package udpchat.diagram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads UdpChat log files into {@link TraceLine}s. The layout of a log line lives here and only
 * here: {@code 2026-11-27 17:01:52.907 DEBUG [x] udpchat.trace - out msg id=1 -> …}. Lines of
 * another shape (a stack trace, a continued message, another program's file) are skipped and
 * counted, never interpreted.
 */
public final class LogFiles {
  private static final Pattern LINE =
      Pattern.compile(
          "^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?)"
              + "\\s+[A-Z]+\\s+\\[([^\\]]*)\\]\\s+(\\S+)\\s+-\\s(.*)$");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS]");

  /** The lines read, and how many lines of the files were not log lines. */
  public record Read(List<TraceLine> lines, int skipped, List<String> warnings) {}

  private LogFiles() {}

  /** Every {@code *.log} file directly in {@code directory}, or the one file it names. */
  public static Read read(Path path) throws IOException {
    List<Path> files;
    if (Files.isDirectory(path)) {
      try (Stream<Path> listing = Files.list(path)) {
        files = listing.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
      }
    } else {
      files = List.of(path);
    }
    List<TraceLine> lines = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    int skipped = 0;
    for (Path file : files) {
      int before = lines.size();
      List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (String line : text) {
        Optional<TraceLine> parsed = parse(line);
        if (parsed.isPresent()) {
          lines.add(parsed.get());
        } else {
          skipped++;
        }
      }
      if (lines.size() == before) {
        warnings.add(file + ": no UdpChat log lines in it, skipped");
      }
    }
    if (files.isEmpty()) {
      warnings.add(path + ": no .log files in it");
    }
    return new Read(lines, skipped, warnings);
  }

  /** One log line, or empty when it does not have the log's shape. */
  public static Optional<TraceLine> parse(String line) {
    Matcher matcher = LINE.matcher(line);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    try {
      LocalDateTime time = LocalDateTime.parse(matcher.group(1), TIME);
      return Optional.of(
          new TraceLine(time, matcher.group(2), matcher.group(3), matcher.group(4)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
