package udpchat.testing.sim;

import com.typesafe.config.Config;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.testkit.ExplicitlyTriggeredScheduler;
import scala.concurrent.ExecutionContext;
import scala.concurrent.duration.FiniteDuration;

/**
 * The scheduler behind {@code ManualTime} in a simulated world. It is a drop-in for Pekko's
 * {@link ExplicitlyTriggeredScheduler} (so {@code ManualTime.get(system)} works) with two
 * differences the simulation needs: tasks due at the same instant run in the order they were
 * scheduled (the base class picks among them by hash, which changes from run to run), and
 * {@code timePasses} does not first sleep 100 ms of real time, so a test can advance time in many
 * small steps.
 */
public final class VirtualScheduler extends ExplicitlyTriggeredScheduler {
  private record Due(long atMillis, long order) implements Comparable<Due> {
    @Override
    public int compareTo(Due other) {
      int byTime = Long.compare(atMillis, other.atMillis);
      return byTime != 0 ? byTime : Long.compare(order, other.order);
    }
  }

  private record Task(Runnable runnable, long intervalMillis, AtomicBoolean cancelled) {}

  private final ConcurrentSkipListMap<Due, Task> queue = new ConcurrentSkipListMap<>();
  private final AtomicLong nowMillis = new AtomicLong();
  private final AtomicLong order = new AtomicLong();

  public VirtualScheduler(Config config, LoggingAdapter log, ThreadFactory threads) {
    super(config, log, threads);
  }

  /** Virtual milliseconds since the world started. */
  public long nowMillis() {
    return nowMillis.get();
  }

  @Override
  public long currentTimeMs() {
    return nowMillis.get();
  }

  @Override
  public Cancellable scheduleOnce(FiniteDuration delay, Runnable runnable, ExecutionContext ec) {
    return add(delay.toMillis(), runnable, 0);
  }

  @Override
  public Cancellable schedule(
      FiniteDuration initialDelay, FiniteDuration interval, Runnable runnable, ExecutionContext ec) {
    return add(initialDelay.toMillis(), runnable, Math.max(1, interval.toMillis()));
  }

  /** Runs every task due within {@code amount}, in time order, then sets the clock to its end. */
  @Override
  public void timePasses(FiniteDuration amount) {
    long end = nowMillis.get() + amount.toMillis();
    while (true) {
      Map.Entry<Due, Task> next = queue.firstEntry();
      if (next == null || next.getKey().atMillis() > end) {
        break;
      }
      if (queue.remove(next.getKey()) == null) {
        continue; // cancelled meanwhile
      }
      nowMillis.set(next.getKey().atMillis());
      Task task = next.getValue();
      if (task.cancelled().get()) {
        continue;
      }
      if (task.intervalMillis() > 0) {
        queue.put(new Due(nowMillis.get() + task.intervalMillis(), order.getAndIncrement()), task);
      }
      task.runnable().run();
    }
    nowMillis.set(end);
  }

  private Cancellable add(long delayMillis, Runnable runnable, long intervalMillis) {
    AtomicBoolean cancelled = new AtomicBoolean();
    if (delayMillis <= 0 && intervalMillis == 0) {
      runnable.run(); // as the base class does: nothing to wait for
    } else {
      Due due = new Due(nowMillis.get() + Math.max(0, delayMillis), order.getAndIncrement());
      queue.put(due, new Task(runnable, intervalMillis, cancelled));
    }
    return new Cancellable() {
      @Override
      public boolean cancel() {
        return !cancelled.getAndSet(true);
      }

      @Override
      public boolean isCancelled() {
        return cancelled.get();
      }
    };
  }
}
