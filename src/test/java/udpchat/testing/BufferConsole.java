package udpchat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import udpchat.console.Console;

/**
 * A console that records what a node prints, exactly as a person would see it
 * ({@code ">>> "} included), for tests to read line by line in order.
 */
public final class BufferConsole implements Console {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
  private final List<String> all = new ArrayList<>();

  @Override
  public void line(String text) {
    raw(PROMPT + text);
  }

  @Override
  public synchronized void raw(String text) {
    all.add(text);
    unread.add(text);
  }

  /** Every line printed so far. */
  public synchronized List<String> lines() {
    return List.copyOf(all);
  }

  /** Waits for the next unread line (the node prints from its own thread) and returns it. */
  public String nextLine() {
    try {
      String line = unread.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(line, "no console line within " + WAIT + "; printed so far: " + lines());
      return line;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Asserts the next unread lines are exactly these, in order. */
  public void expectLines(String... expected) {
    for (String line : expected) {
      assertEquals(line, nextLine(), "console lines so far: " + lines());
    }
  }

  /** Asserts nothing is left unread. */
  public void expectNoMoreLines() {
    assertEquals(List.of(), List.copyOf(unread), "unexpected console lines");
  }
}
