package udpchat.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** The lines one logger writes while a test runs: "LEVEL message". */
public final class LoggerLines extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private final Logger logger;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private LoggerLines(Logger logger) {
    this.logger = logger;
  }

  public static LoggerLines of(Class<?> loggerClass) {
    LoggerLines lines = new LoggerLines((Logger) LoggerFactory.getLogger(loggerClass));
    lines.setContext(lines.logger.getLoggerContext());
    lines.start();
    lines.logger.addAppender(lines);
    return lines;
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  protected void append(ILoggingEvent event) {
    lines.add(event.getLevel() + " " + event.getFormattedMessage());
  }

  @Override
  public void close() {
    logger.detachAppender(this);
    stop();
  }
}
