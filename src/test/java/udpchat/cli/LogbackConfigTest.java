package udpchat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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
  void aBurstOfTraceLinesIsWrittenWholeWhenLogbackStops() throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    // Context properties, not system properties: the tests' own logging stays as it is.
    context.putProperty("udpchat.logback.dir", logDir.toString());
    context.putProperty("udpchat.logback.node", "burst");
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try (InputStream xml = LogbackConfigTest.class.getResourceAsStream("/logback.xml")) {
      configurator.doConfigure(xml);
    }
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
