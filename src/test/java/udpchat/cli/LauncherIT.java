package udpchat.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    int port = freePort();
    Process node =
        new ProcessBuilder(root.resolve("bin/udpchat").toString(), "-s", Integer.toString(port))
            .directory(root.toFile())
            .redirectError(root.resolve("stderr.txt").toFile())
            .start();
    List<String> lines = new ArrayList<>();
    try {
      CompletableFuture<Boolean> started =
          CompletableFuture.supplyAsync(() -> readUntilListening(node, port, lines));
      boolean listening;
      try {
        listening = started.get(START_LIMIT.toSeconds(), TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        listening = false;
      }
      assertTrue(
          listening,
          "bin/udpchat -s " + port + " printed " + lines + ", stderr: "
              + Files.readString(root.resolve("stderr.txt")));
    } finally {
      node.destroy();
      node.waitFor(10, TimeUnit.SECONDS);
      node.destroyForcibly();
    }
  }

  private static boolean readUntilListening(Process node, int port, List<String> lines) {
    String expected = "[Server listening on port " + port + ".]";
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        synchronized (lines) {
          lines.add(line);
        }
        if (line.contains(expected)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (DatagramSocket socket = new DatagramSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
