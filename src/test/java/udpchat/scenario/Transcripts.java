package udpchat.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import udpchat.console.Console;

/**
 * What every node of a run has printed, line by line, in the order each node printed it. Nodes
 * print from their own threads; a runner reads and waits from another.
 */
public final class Transcripts {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition grew = lock.newCondition();
  private final Map<String, List<String>> lines = new LinkedHashMap<>();

  public void add(String node, String line) {
    lock.lock();
    try {
      lines.computeIfAbsent(node, n -> new ArrayList<>()).add(line);
      grew.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A console that writes into {@code node}'s transcript. */
  public Console console(String node) {
    return new Console() {
      @Override
      public void line(String text) {
        raw(PROMPT + text);
      }

      @Override
      public void raw(String text) {
        add(node, text);
      }
    };
  }

  /** Records that a node ended its process by itself, with this status. */
  public void exited(String node, int status) {
    add(node, ExpectedLine.exitLine(status));
  }

  /** Every node's lines so far. */
  public Map<String, List<String>> snapshot() {
    lock.lock();
    try {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      lines.forEach((node, printed) -> copy.put(node, List.copyOf(printed)));
      return copy;
    } finally {
      lock.unlock();
    }
  }

  /** True when every node in {@code counts} has printed at least that many lines. */
  public boolean reached(Map<String, Integer> counts) {
    lock.lock();
    try {
      return counts.entrySet().stream()
          .allMatch(c -> lines.getOrDefault(c.getKey(), List.of()).size() >= c.getValue());
    } finally {
      lock.unlock();
    }
  }

  /** Waits, in real time, until {@link #reached} holds or {@code limit} passes; returns which. */
  public boolean awaitReached(Map<String, Integer> counts, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    lock.lock();
    try {
      while (!reached(counts)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        grew.awaitNanos(left);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }
}
