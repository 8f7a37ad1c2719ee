package udpchat.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands every line to a writer thread of its own, like logback's AsyncAppender, but without
 * waking that thread for each line: the writer looks at the queue every {@code period}
 * milliseconds, writes all it finds to the attached appenders and flushes their streams once. A
 * node that logs every datagram in and out (the packet trace) would otherwise pay a thread
 * wake-up per line, and on a machine of two cores the woken writer competes with the very
 * threads the datagram is waiting on: with AsyncAppender the trace cost about half of a direct
 * message's round trip.
 *
 * <p>Nothing is discarded: when the queue is full, the writer is woken at once and the logging
 * thread waits for room. Stopping (logback's shutdown hook) writes out what is queued, within
 * {@code maxFlushTime} milliseconds. A line reaches the file at most one period after it was
 * logged; after kill -9 the lines of the last period are lost.
 *
 * <p>The attached appenders should not flush on every line ({@code immediateFlush} false): the
 * writer flushes after each batch, so a line is never held in a buffer longer than one period.
 */
public final class BatchingAsyncAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
    implements AppenderAttachable<ILoggingEvent> {
  private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
  private int queueSize = 8192;
  private int period = 10;
  private int maxFlushTime = 5000;
  private BlockingQueue<ILoggingEvent> queue;
  private Thread writer;

  /** How many lines may wait to be written before a logging thread waits for room. */
  public void setQueueSize(int queueSize) {
    this.queueSize = queueSize;
  }

  /** How often the writer looks at the queue, in milliseconds. */
  public void setPeriod(int period) {
    this.period = period;
  }

  /** How long stopping may take to write out the queue, in milliseconds. */
  public void setMaxFlushTime(int maxFlushTime) {
    this.maxFlushTime = maxFlushTime;
  }

  @Override
  public void start() {
    if (isStarted()) {
      return;
    }
    if (!appenders.iteratorForAppenders().hasNext()) {
      addError("No appender attached to " + getName() + ": nothing to write to");
      return;
    }
    if (queueSize < 1 || period < 1) {
      addError("queueSize and period of " + getName() + " must be positive");
      return;
    }
    queue = new ArrayBlockingQueue<>(queueSize);
    writer = new Thread(this::writeUntilStopped, "log-writer-" + getName());
    writer.setDaemon(true);
    super.start();
    writer.start();
  }

  /**
   * On the logging thread: only what must be read now (the message, the MDC, the thread's name)
   * is taken from it; an offer to the queue wakes nobody, since the writer does not wait on it.
   */
  @Override
  protected void append(ILoggingEvent event) {
    event.prepareForDeferredProcessing();
    if (queue.offer(event)) {
      return;
    }
    LockSupport.unpark(writer);
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(event);
        break;
      } catch (InterruptedException e) {
        interrupted = true; // a line is not lost for an interrupt; the flag is kept
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeUntilStopped() {
    long periodNanos = TimeUnit.MILLISECONDS.toNanos(period);
    List<ILoggingEvent> batch = new ArrayList<>();
    while (isStarted()) {
      if (writeBatch(batch) == 0) {
        LockSupport.parkNanos(this, periodNanos);
      }
    }
    while (writeBatch(batch) > 0) {
      // what was logged before the stop
    }
  }

  private int writeBatch(List<ILoggingEvent> batch) {
    batch.clear();
    queue.drainTo(batch);
    for (ILoggingEvent event : batch) {
      appenders.appendLoopOnAppenders(event);
    }
    if (!batch.isEmpty()) {
      flushStreams();
    }
    return batch.size();
  }

  /** Only the writer thread writes to the attached appenders, so their streams are its own. */
  private void flushStreams() {
    for (Iterator<Appender<ILoggingEvent>> it = appenders.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof OutputStreamAppender<ILoggingEvent> stream
          && stream.isStarted()
          && !stream.isImmediateFlush()
          && stream.getOutputStream() != null) {
        try {
          stream.getOutputStream().flush();
        } catch (IOException e) {
          addError("Cannot flush " + stream.getName(), e);
        }
      }
    }
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop();
    LockSupport.unpark(writer);
    try {
      writer.join(maxFlushTime);
      if (writer.isAlive()) {
        addWarn("Not every queued line of " + getName() + " was written within "
            + maxFlushTime + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    appenders.detachAndStopAllAppenders();
  }

  @Override
  public void addAppender(Appender<ILoggingEvent> appender) {
    appenders.addAppender(appender);
  }

  @Override
  public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
    return appenders.iteratorForAppenders();
  }

  @Override
  public Appender<ILoggingEvent> getAppender(String name) {
    return appenders.getAppender(name);
  }

  @Override
  public boolean isAttached(Appender<ILoggingEvent> appender) {
    return appenders.isAttached(appender);
  }

  @Override
  public void detachAndStopAllAppenders() {
    appenders.detachAndStopAllAppenders();
  }

  @Override
  public boolean detachAppender(Appender<ILoggingEvent> appender) {
    return appenders.detachAppender(appender);
  }

  @Override
  public boolean detachAppender(String name) {
    return appenders.detachAppender(name);
  }
}
