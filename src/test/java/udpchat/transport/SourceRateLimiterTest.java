package udpchat.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import udpchat.config.RateLimit;
import udpchat.testing.LoggerLines;

/** The per-source token bucket on a clock the test moves: no sleeps. */
class SourceRateLimiterTest {
  private static final InetSocketAddress A = new InetSocketAddress("10.0.0.1", 4000);
  private static final InetSocketAddress B = new InetSocketAddress("10.0.0.2", 4000);

  /** The limiter's clock, in nanoseconds. */
  private long now = 1_000_000_000L;

  private SourceRateLimiter limiter(int perSecond, int burst, int sources) {
    return new SourceRateLimiter(
        new RateLimit(perSecond, burst, sources, Duration.ofSeconds(10)), () -> now);
  }

  private static int admitted(SourceRateLimiter limiter, InetSocketAddress source, int datagrams) {
    return (int) IntStream.range(0, datagrams).filter(i -> limiter.admit(source)).count();
  }

  @Test
  void aNewSourceMaySendItsBurstAtOnceAndNoMore() {
    SourceRateLimiter limiter = limiter(100, 50, 10);
    assertEquals(50, admitted(limiter, A, 1000));
    assertEquals(950, limiter.dropped());
    assertEquals(50, limiter.admitted());
  }

  @Test
  void theBucketRefillsAtTheRatePerSecond() {
    SourceRateLimiter limiter = limiter(100, 50, 10);
    admitted(limiter, A, 50);
    assertFalse(limiter.admit(A));
    now += 10_000_000L; // 10 ms: one datagram's worth at 100/s
    assertTrue(limiter.admit(A));
    assertFalse(limiter.admit(A));
    now += 200_000_000L; // 200 ms: 20 more
    assertEquals(20, admitted(limiter, A, 100));
  }

  @Test
  void anIdleSourceGetsItsWholeBurstBackButNotMore() {
    SourceRateLimiter limiter = limiter(100, 50, 10);
    admitted(limiter, A, 50);
    now += 60_000_000_000L; // a minute idle
    assertEquals(50, admitted(limiter, A, 1000));
  }

  @Test
  void aSteadySenderWithinTheRateLosesNothing() {
    SourceRateLimiter limiter = limiter(100, 5, 10);
    for (int i = 0; i < 10_000; i++) {
      assertTrue(limiter.admit(A), "datagram " + i);
      now += 10_000_000L;
    }
    assertEquals(0, limiter.dropped());
  }

  @Test
  void oneSourceOverItsLimitDoesNotCostAnotherAnything() {
    SourceRateLimiter limiter = limiter(100, 50, 10);
    admitted(limiter, A, 10_000);
    assertEquals(50, admitted(limiter, B, 50));
    assertEquals(10_000 - 50, limiter.dropped());
  }

  @Test
  void theSameHostOnAnotherPortIsAnotherSource() {
    SourceRateLimiter limiter = limiter(100, 10, 10);
    admitted(limiter, A, 100);
    assertEquals(10, admitted(limiter, new InetSocketAddress("10.0.0.1", 4001), 100));
  }

  @Test
  void aFloodOfForgedAddressesKeepsTheTableAtItsBound() {
    SourceRateLimiter limiter = limiter(100, 2, 1000);
    for (int i = 0; i < 100_000; i++) {
      limiter.admit(new InetSocketAddress("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), 9));
    }
    assertEquals(1000, limiter.trackedSources());
    assertEquals(100_000, limiter.admitted());
  }

  @Test
  void theSourceHeardFromLeastRecentlyIsTheOneForgotten() {
    SourceRateLimiter limiter = limiter(100, 10, 2);
    admitted(limiter, A, 100); // A is over its limit
    admitted(limiter, B, 1);
    assertFalse(limiter.admit(A)); // A heard from again: B is now the least recent
    admitted(limiter, new InetSocketAddress("10.0.0.3", 4000), 1); // pushes out B, not A
    assertFalse(limiter.admit(A), "the flooding source keeps its count");
    assertEquals(10, admitted(limiter, B, 100), "B was forgotten: a full bucket again");
    assertEquals(2, limiter.trackedSources());
  }

  @Test
  void manySourcesEachGetTheirOwnBurst() {
    SourceRateLimiter limiter = limiter(100, 20, 10_000);
    for (int port = 1; port <= 5_000; port++) {
      assertEquals(20, admitted(limiter, new InetSocketAddress("10.0.0.1", port), 30));
    }
    assertEquals(5_000 * 10, limiter.dropped());
  }

  @Test
  void aLongFloodIsLoggedOnceWhenItStartsThenEveryTenSecondsThenWhenItEnds() {
    SourceRateLimiter limiter = limiter(100, 10, 10);
    try (LoggerLines log = LoggerLines.of(SourceRateLimiter.class)) {
      for (int ms = 0; ms < 60_000; ms++) { // a minute at 1,000 datagrams/s, ten times the rate
        limiter.admit(A);
        now += 1_000_000L;
      }
      now += 10_000_000_000L; // ten seconds quiet
      assertTrue(limiter.admit(A));
      List<String> lines = log.lines();
      assertEquals(1 + 5 + 1, lines.size(), String.join("\n", lines));
      assertEquals("WARN 10.0.0.1:4000 is over the rate limit (100 datagrams/s, burst 10): its"
          + " datagrams are dropped unread and unanswered", lines.get(0));
      assertTrue(lines.get(1).startsWith(
          "WARN 10.0.0.1:4000 still over the rate limit: 9001 datagrams dropped in the last 10 s"),
          lines.get(1));
      assertEquals("INFO 10.0.0.1:4000 back under the rate limit: " + (limiter.dropped() - 9001
              - 4 * 9000) + " datagrams dropped since the last line (" + limiter.dropped()
              + " from it in all)", lines.get(6));
    }
  }

  @Test
  void aSourceJustAboveItsRateIsNotLoggedAsComingAndGoing() {
    SourceRateLimiter limiter = limiter(100, 1, 10);
    try (LoggerLines log = LoggerLines.of(SourceRateLimiter.class)) {
      for (int i = 0; i < 10_000; i++) { // 110 datagrams/s for 90 s
        limiter.admit(A);
        now += 9_090_909L;
      }
      assertTrue(log.lines().size() <= 1 + 9, String.join("\n", log.lines()));
    }
  }

  @Test
  void perSecondZeroLetsEverythingThrough() {
    SourceRateLimiter limiter = new SourceRateLimiter(RateLimit.OFF, () -> now);
    assertEquals(100_000, admitted(limiter, A, 100_000));
    assertEquals(0, limiter.dropped());
  }
}
