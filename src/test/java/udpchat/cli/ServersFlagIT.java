package udpchat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import udpchat.testing.FreePorts;
import udpchat.testing.JavaCommand;
import udpchat.testing.NodeProcess;

/**
 * {@code --servers} on the real command line: the jar as a person starts it, real UDP on
 * 127.0.0.1. The client's first server is a port nobody listens on; it registers through the one
 * the flag names after it, and talks to that one from then on.
 */
class ServersFlagIT {
  private static final Path JAR = Path.of(System.getProperty("udpchat.jar", "target/udpchat.jar"));
  /** JVM start-up on a loaded machine included. */
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path workDir;

  @Test
  void aClientWhoseFirstServerIsDownRegistersThroughTheNextOne() throws Exception {
    int serverPort = FreePorts.next();
    int nobody = FreePorts.next();
    int clientPort = FreePorts.next();
    BlockingQueue<String> serverLines = new LinkedBlockingQueue<>();
    BlockingQueue<String> clientLines = new LinkedBlockingQueue<>();
    try (NodeProcess server = start("server", serverLines, "-s", String.valueOf(serverPort))) {
      expect(serverLines, ">>> [Server listening on port " + serverPort + ".]");
      try (NodeProcess client =
          start("x", clientLines, "-c", "x", "127.0.0.1", String.valueOf(nobody),
              String.valueOf(clientPort), "--servers", "127.0.0.1:" + serverPort)) {
        expect(clientLines, ">>> [Welcome, You are registered.]");
        client.type("send_all through the second server");
        expect(clientLines, ">>> [Group Message received by Server.]");
        client.type("quit");
        expect(clientLines, ">>> [You are Offline. Bye.]");
        assertEquals(OptionalInt.of(0), client.awaitExit(PATIENCE), client.stderrText());
      }
      expect(serverLines, ">>> [Client table updated.]");
      expect(serverLines, "{'x': ('x', '127.0.0.1', " + clientPort + ", True)}");
    }
  }

  private NodeProcess start(String name, BlockingQueue<String> lines, String... arguments) {
    List<String> command =
        JavaCommand.light().setting("udpchat.ack-timeout", "300ms").jar(JAR, List.of(arguments));
    return NodeProcess.start(name, command, workDir, workDir.resolve(name + ".stderr"), lines::add);
  }

  private static void expect(BlockingQueue<String> lines, String expected) throws Exception {
    String line = lines.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(line, "no line within " + PATIENCE + ", expected " + expected);
    assertEquals(expected, line);
  }
}
