package udpchat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Working directories of tests that run processes: kept after a run, so a failure can be read. */
public final class TestDirectories {
  private TestDirectories() {}

  /** {@code dir}, empty: what an earlier run left in it is deleted first. */
  public static Path fresh(Path dir) {
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> old = Files.walk(dir)) {
          old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
      }
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
