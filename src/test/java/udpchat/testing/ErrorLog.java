package udpchat.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Watches the log for ERROR lines (an actor that throws is logged at ERROR by its supervisor)
 * while a fuzz run lasts, and quiets UdpChat's own logging meanwhile: hundreds of thousands of
 * rejected datagrams would otherwise fill the test log with WARN and DEBUG lines.
 */
public final class ErrorLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final Logger udpchat = (Logger) LoggerFactory.getLogger("udpchat");
  private final Level udpchatLevel = udpchat.getLevel();

  private ErrorLog() {}

  public static ErrorLog watch() {
    ErrorLog log = new ErrorLog();
    log.setContext(log.root.getLoggerContext());
    log.setName("fuzz-errors");
    log.start();
    log.root.addAppender(log);
    log.udpchat.setLevel(Level.ERROR);
    return log;
  }

  /** The ERROR lines logged so far, each with its logger and the exception, if any. */
  public List<String> errors() {
    return List.copyOf(errors);
  }

  /** Forgets what was logged so far: each try starts clean. */
  public void clear() {
    errors.clear();
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
      String thrown =
          event.getThrowableProxy() == null
              ? ""
              : " (" + event.getThrowableProxy().getClassName() + ": "
                  + event.getThrowableProxy().getMessage() + ")";
      errors.add(event.getLoggerName() + ": " + event.getFormattedMessage() + thrown);
    }
  }

  @Override
  public void close() {
    root.detachAppender(this);
    stop();
    udpchat.setLevel(udpchatLevel);
  }
}
