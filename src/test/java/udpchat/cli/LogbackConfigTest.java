package udpchat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * The logging set-up the jar runs with (the tests themselves log through logback-test.xml): its
 * file is written by a background thread, and stopping logback, as its shutdown hook does when
 * the JVM exits, writes out every line still queued.
 */
class LogbackConfigTest {
  @TempDir Path logDir;

  private static String builtIn() throws Exception {
    try (InputStream in = LogbackConfigTest.class.getResourceAsStream("/logback.xml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theRepositorysCopyIsTheBuiltInOne() throws Exception {
    assertEquals(builtIn(), Files.readString(LogSetup.LOCAL_LOGBACK, StandardCharsets.UTF_8));
  }

  @Test
  void aLineIsInTheFileSoonWhileTheNodeRuns() throws Exception {
    LoggerContext context = configured("running");
    try {
      context.getLogger("udpchat.trace").debug("in ack id=7 <- 127.0.0.1:2222 (41 B)");
      Path log = logDir.resolve("running.log");
      // Written within one period (10 ms) of the writer; the bound is for a loaded machine.
      long deadline = System.nanoTime() + 5_000_000_000L;
      List<String> lines = List.of();
      while (lines.isEmpty() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
        lines = Files.isRegularFile(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : lines;
      }
      assertEquals(1, lines.size(), "the line is not in the file while logback runs");
      assertTrue(lines.get(0).endsWith("udpchat.trace - in ack id=7 <- 127.0.0.1:2222 (41 B)"));
    } finally {
      context.stop();
    }
  }

  /** The built-in logback.xml writing logs/<node>.log under logDir. */
  private LoggerContext configured(String node) throws Exception {
    LoggerContext context = new LoggerContext();
    // Context properties, not system properties: the tests' own logging stays as it is.
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.putProperty("udpchat.logback.dir", logDir.toString());
    context.putProperty("udpchat.logback.node", node);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try (InputStream xml = LogbackConfigTest.class.getResourceAsStream("/logback.xml")) {
      configurator.doConfigure(xml);
    }
    return context;
  }

  @Test
  void aBurstOfTraceLinesIsWrittenWholeWhenLogbackStops() throws Exception {
    LoggerContext context = configured("burst");
    assertNotNull(
        context.getObject(CoreConstants.SHUTDOWN_HOOK_THREAD),
        "logback must stop (and write out its queue) when the JVM exits");

    // Far more than the queue holds: nothing may be dropped to keep up.
    int count = 20_000;
    Logger trace = context.getLogger("udpchat.trace");
    for (int i = 0; i < count; i++) {
      trace.debug("out msg id={} -> 127.0.0.1:1111 (59 B)", i);
    }
    context.stop();

    List<String> lines = Files.readAllLines(logDir.resolve("burst.log"), StandardCharsets.UTF_8);
    assertEquals(count, lines.size());
    for (int i = 0; i < count; i++) {
      String line = lines.get(i);
      assertEquals(
          "DEBUG [burst] udpchat.trace - out msg id=" + i + " -> 127.0.0.1:1111 (59 B)",
          line.substring(line.indexOf("DEBUG")));
    }
  }
}
