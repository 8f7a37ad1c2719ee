package udpchat.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import udpchat.testing.FreePorts;
import udpchat.testing.NodeProcess;

/**
 * The README's way to start a node, {@code bin/udpchat}, whatever state the fast start's archive
 * is in: a node starts without one, with one left from an earlier build, and with one the JVM
 * cannot use. Each runs the launcher from a copy of the repository's layout (bin/, conf/, the
 * jar built by mvn package), so the real target/udpchat.jsa is never touched.
 */
class LauncherIT {
  private static final Path JAR = Path.of(System.getProperty("udpchat.jar", "target/udpchat.jar"));
  private static final Duration START_LIMIT = Duration.ofSeconds(60);

  @TempDir Path root;

  @Test
  void startsWithoutAnArchive() throws Exception {
    layOut();
    assertServerStarts();
  }

  @Test
  void leavesOutAnArchiveOlderThanTheJar() throws Exception {
    layOut();
    Path archive = Files.write(archive(), new byte[] {1, 2, 3});
    Instant jarTime = Files.getLastModifiedTime(JAR).toInstant();
    Files.setLastModifiedTime(archive, FileTime.from(jarTime.minus(Duration.ofHours(1))));
    assertServerStarts();
  }

  @Test
  void startsWhenTheJvmCannotUseTheArchive() throws Exception {
    layOut();
    // Newer than the jar, so the launcher passes it on: as one made by another JDK would be.
    Path archive = Files.write(archive(), "not a class-data-sharing archive".getBytes(StandardCharsets.UTF_8));
    Files.setLastModifiedTime(archive, FileTime.from(Instant.now().plus(Duration.ofHours(1))));
    assertServerStarts();
  }

  private Path archive() {
    return root.resolve("target/udpchat.jsa");
  }

  private void layOut() throws IOException {
    Path repo = Path.of("").toAbsolutePath();
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("conf"));
    Files.createDirectories(root.resolve("target"));
    Path launcher = Files.copy(repo.resolve("bin/udpchat"), root.resolve("bin/udpchat"));
    assertTrue(launcher.toFile().setExecutable(true));
    Files.copy(repo.resolve("conf/fast-start.args"), root.resolve("conf/fast-start.args"));
    Files.createSymbolicLink(root.resolve("target/udpchat.jar"), JAR.toAbsolutePath());
  }

  private void assertServerStarts() throws Exception {
    int port = FreePorts.next();
    String expected = ">>> [Server listening on port " + port + ".]";
    List<String> lines = new CopyOnWriteArrayList<>();
    CountDownLatch listening = new CountDownLatch(1);
    NodeProcess.Output output =
        line -> {
          lines.add(line);
          if (line.equals(expected)) {
            listening.countDown();
          }
        };
    List<String> command = List.of(root.resolve("bin/udpchat").toString(), "-s", "" + port);
    try (NodeProcess node =
        NodeProcess.start("server", command, root, root.resolve("stderr.txt"), output)) {
      assertTrue(
          listening.await(START_LIMIT.toSeconds(), TimeUnit.SECONDS),
          "bin/udpchat -s " + port + " printed " + lines + ", stderr: " + node.stderrText());
    }
  }
}
