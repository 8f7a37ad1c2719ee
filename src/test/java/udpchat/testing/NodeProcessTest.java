package udpchat.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end-to-end runner's process handling, with a shell loop standing in for a node. */
class NodeProcessTest {
  private static final List<String> ECHO =
      List.of("sh", "-c", "while read line; do echo \">>> $line\"; done; echo bye >&2; exit 3");

  @TempDir Path dir;
  private final Transcripts transcripts = new Transcripts();

  private NodeProcess start() {
    return NodeProcess.start("x", ECHO, dir, dir.resolve("x.stderr"), transcripts);
  }

  @Test
  void typedLinesGoInAndPrintedLinesComeOutThenTheExitStatus() throws IOException {
    NodeProcess node = start();
    node.type("send y hi");
    node.type("dereg");
    node.closeInput();
    assertTrue(transcripts.awaitReached(Map.of("x", 3), Duration.ofSeconds(10)));
    assertEquals(
        List.of(">>> send y hi", ">>> dereg", "(exits 3)"), transcripts.snapshot().get("x"));
    assertEquals("bye\n", Files.readString(dir.resolve("x.stderr")));
  }

  @Test
  void aKilledNodeHasNoExitLine() {
    NodeProcess node = start();
    node.type("hello");
    assertTrue(transcripts.awaitReached(Map.of("x", 1), Duration.ofSeconds(10)));
    node.kill();
    assertEquals(List.of(">>> hello"), transcripts.snapshot().get("x"));
    assertTrue(!node.isAlive());
  }
}
