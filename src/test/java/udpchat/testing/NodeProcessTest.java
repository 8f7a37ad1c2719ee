package udpchat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tests' process handling, with a shell loop standing in for a node. */
class NodeProcessTest {
  private static final List<String> ECHO =
      List.of("sh", "-c", "while read line; do echo \">>> $line\"; done; echo bye >&2; exit 3");

  @TempDir Path dir;
  private final LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();

  private NodeProcess start() {
    return NodeProcess.start("x", ECHO, dir, dir.resolve("x.stderr"), new NodeProcess.Output() {
      @Override
      public void line(String line) {
        seen.add(line);
      }

      @Override
      public void exited(int status) {
        seen.add("(exits " + status + ")");
      }
    });
  }

  private List<String> next(int count) throws InterruptedException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String line = seen.poll(10, TimeUnit.SECONDS);
      assertTrue(line != null, "only " + lines + " came");
      lines.add(line);
    }
    return lines;
  }

  @Test
  void typedLinesGoInAndPrintedLinesComeOutThenTheExitStatus() throws Exception {
    try (NodeProcess node = start()) {
      assertTrue(node.type("send y hi"));
      assertTrue(node.type("dereg"));
      node.closeInput();
      assertEquals(List.of(">>> send y hi", ">>> dereg", "(exits 3)"), next(3));
      assertEquals(3, node.awaitExit(Duration.ofSeconds(10)).orElseThrow());
      assertEquals("bye\n", node.stderrText());
      assertFalse(node.type("too late"), "typing to an ended process");
    }
  }

  @Test
  void aKilledNodeHasNoExitLine() throws Exception {
    try (NodeProcess node = start()) {
      node.type("hello");
      assertEquals(List.of(">>> hello"), next(1));
      node.kill();
      assertFalse(node.isAlive());
      assertTrue(seen.isEmpty(), "kill returns once the last line is read: " + seen);
    }
  }

  @Test
  void aTerminatedNodeGivesItsStatusAndHasNoExitLine() throws Exception {
    try (NodeProcess node = start()) {
      assertEquals(143, node.terminate(), "128 + SIGTERM");
      assertTrue(seen.isEmpty(), "terminate returns once the last line is read: " + seen);
    }
  }

  @Test
  void printedLinesCanGoToAFile() throws IOException, InterruptedException {
    Path out = dir.resolve("x.out");
    try (NodeProcess node = NodeProcess.startToFile("x", ECHO, dir, out, dir.resolve("x.err"))) {
      node.type("list");
      node.closeInput();
      assertEquals(3, node.awaitExit(Duration.ofSeconds(10)).orElseThrow());
    }
    assertEquals(List.of(">>> list"), Files.readAllLines(out));
  }
}
