package udpchat.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The scenario files both runners read: {@code test-scenarios/*.scenario}, in name order.
 * {@code -Dudpchat.scenarios=seed-1,lossy} runs only those whose names contain one of the words.
 */
public final class ScenarioFiles {
  private ScenarioFiles() {}

  public static Path directory() {
    return Path.of(System.getProperty("udpchat.scenarios.dir", "test-scenarios"));
  }

  /** Every scenario file, parsed. */
  public static List<Scenario> all() {
    try (Stream<Path> files = Files.list(directory())) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".scenario"))
          .sorted()
          .map(ScenarioParser::parse)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory().toAbsolutePath(), e);
    }
  }

  /** The scenarios picked by {@code -Dudpchat.scenarios}, or all of them. */
  public static List<Scenario> selected() {
    String filter = System.getProperty("udpchat.scenarios", "").strip();
    if (filter.isEmpty()) {
      return all();
    }
    List<String> words = Arrays.stream(filter.split(",")).map(String::strip).toList();
    return all().stream()
        .filter(scenario -> words.stream().anyMatch(scenario.name()::contains))
        .toList();
  }
}
