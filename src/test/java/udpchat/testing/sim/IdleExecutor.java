package udpchat.testing.sim;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An executor with exactly one thread that can say when it is idle: nothing queued and nothing
 * running. Used as the default dispatcher of a simulated world, it runs every actor one message at
 * a time in a fixed order, and tells the test when all consequences of a step have played out.
 */
public final class IdleExecutor extends AbstractExecutorService {
  private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Thread worker;
  // Guarded by lock: tasks accepted but not yet finished, and the shutdown flag.
  private long unfinished;
  private boolean shutdown;
  private boolean terminated;

  public IdleExecutor(ThreadFactory threads) {
    this.worker = threads.newThread(this::work);
    worker.start();
  }

  @Override
  public void execute(Runnable task) {
    lock.lock();
    try {
      if (shutdown) {
        throw new RejectedExecutionException("simulated world is shut down");
      }
      unfinished++;
    } finally {
      lock.unlock();
    }
    queue.add(task);
  }

  /**
   * Waits until nothing is queued or running. Fails if the world keeps busy for longer than
   * {@code limit} (an actor that keeps messaging itself, say).
   */
  public void awaitIdle(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    lock.lock();
    try {
      while (unfinished > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("the simulated world did not become idle within " + limit);
        }
        changed.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the simulated world", e);
    } finally {
      lock.unlock();
    }
  }

  /** True when called from the executor's own thread. */
  public boolean isWorkerThread() {
    return Thread.currentThread() == worker;
  }

  private void work() {
    while (true) {
      Runnable task;
      try {
        task = queue.poll(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        task = null;
      }
      if (task == null) {
        if (finishedAfterShutdown()) {
          return;
        }
        continue;
      }
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        worker.getUncaughtExceptionHandler().uncaughtException(worker, e);
      } finally {
        taskDone();
      }
    }
  }

  private void taskDone() {
    lock.lock();
    try {
      unfinished--;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private boolean finishedAfterShutdown() {
    lock.lock();
    try {
      if (shutdown && unfinished == 0) {
        terminated = true;
        changed.signalAll();
        return true;
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void shutdown() {
    lock.lock();
    try {
      shutdown = true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown();
    List<Runnable> left = new java.util.ArrayList<>();
    queue.drainTo(left);
    lock.lock();
    try {
      unfinished -= left.size();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    return left;
  }

  @Override
  public boolean isShutdown() {
    lock.lock();
    try {
      return shutdown;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isTerminated() {
    lock.lock();
    try {
      return terminated;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    lock.lock();
    try {
      while (!terminated) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
