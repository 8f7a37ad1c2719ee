package udpchat.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * cannot use, each from a copy of the repository's layout (bin/, conf/, the jar built by mvn
 * package), so the real target/udpchat.jsa is never touched; and from the repository itself,
 * where the node's classes come from the archive mvn package wrote.
 */
class LauncherIT {
  private static final Path JAR = Path.of(System.getProperty("udpchat.jar", "target/udpchat.jar"));
  private static final Duration START_LIMIT = Duration.ofSeconds(60);

  @TempDir Path root;

  @Test
  void startsWithTheArchiveMvnPackageBuilt() throws Exception {
    assumeFalse(Boolean.getBoolean("cds.skip"), "mvn package was told not to build the archive");
    Path repo = Path.of("").toAbsolutePath();
    Path archive = repo.resolve("target/udpchat.jsa");
    assertTrue(Files.exists(archive), "mvn package writes " + archive);
    Path classes = root.resolve("classes.txt");
    assertServerStarts(
        List.of("env", "JAVA_OPTS=-Xlog:class+load=info:file=" + classes,
            repo.resolve("bin/udpchat").toString()));
    // The JVM says where each class came from: the node's own classes from the archive.
    String mainClass = "udpchat.Main source: shared objects file (top)";
    assertTrue(Files.readString(classes).contains(mainClass), "no '" + mainClass + "' in " + classes);
  }

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
    assertServerStarts(List.of(root.resolve("bin/udpchat").toString()));
  }

  private void assertServerStarts(List<String> launcher) throws Exception {
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
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of("-s", "" + port));
    try (NodeProcess node =
        NodeProcess.start("server", command, root, root.resolve("stderr.txt"), output)) {
      assertTrue(
          listening.await(START_LIMIT.toSeconds(), TimeUnit.SECONDS),
          String.join(" ", command) + " printed " + lines + ", stderr: " + node.stderrText());
    }
  }
}
