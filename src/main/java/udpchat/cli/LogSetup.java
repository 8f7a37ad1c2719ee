package udpchat.cli;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Points logback at this node's log file before anything logs. logback.xml reads these system
 * properties ({@code udpchat.logback.*}); they come from the {@code udpchat} configuration, so
 * conf/application.conf and {@code -Dudpchat.log-dir=…} decide where the log goes. A
 * conf/logback.xml in the working directory replaces the built-in logback.xml.
 */
public final class LogSetup {
  public static final Path LOCAL_LOGBACK = Path.of("conf", "logback.xml");
  static final String PROPERTY_PREFIX = "udpchat.logback.";

  private LogSetup() {}

  /**
   * Must run before the first logger is created: logback reads its configuration once, when
   * SLF4J first asks for a logger.
   */
  public static void configure(String nodeName, Config config, boolean traceToStderr) {
    Config udpchat = config.getConfig("udpchat");
    set("node", nodeName);
    set("dir", udpchat.getString("log-dir"));
    set("level", udpchat.getString("log-level"));
    set("max-file-size", udpchat.getString("log-max-file-size"));
    set("max-history", udpchat.getString("log-max-history"));
    // The stderr appender of the udpchat.trace logger lets nothing through unless asked to.
    set("trace-stderr", traceToStderr ? "DEBUG" : "OFF");
    if (System.getProperty("logback.configurationFile") == null
        && Files.isRegularFile(LOCAL_LOGBACK)) {
      System.setProperty("logback.configurationFile", LOCAL_LOGBACK.toAbsolutePath().toString());
    }
    // Logback's own status messages would land on the console: they have no place there.
    if (System.getProperty("logback.statusListenerClass") == null) {
      System.setProperty(
          "logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
    }
  }

  private static void set(String key, String value) {
    System.setProperty(PROPERTY_PREFIX + key, value);
  }
}
