package udpchat.transport;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import udpchat.config.RateLimit;

/**
 * Decides, before a datagram is decoded, whether its source may cost the server anything more: a
 * token bucket per source address (IP and port), kept as the time its bucket will be full again
 * (the generic cell rate algorithm: one number per source, no timer). A datagram over the limit
 * is dropped unread and unanswered, so a flood is not reflected as {@code error} replies.
 *
 * <p>The table of sources is bounded ({@link RateLimit#sources()}): when it is full, the source
 * heard from least recently is forgotten. A flood from one address stays recent and keeps its
 * count; a flood of forged addresses only pushes out idle ones, whose next datagram finds a full
 * bucket again, as a new source does.
 *
 * <p>{@link #admit} is called by the socket's one reader thread only, so the table needs no lock.
 * The totals ({@link #dropped()}, {@link #admitted()}) are readable from any thread.
 *
 * <p>Logged (never a line per datagram): a WARN when a source first goes over its limit, a WARN
 * at most every {@link RateLimit#logEvery()} while it stays over with how many were dropped, and
 * an INFO when it sends again after that long without a drop (back under its limit). A source
 * that stops sending while over says nothing more; its drops are in {@link #dropped()}.
 */
public final class SourceRateLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(SourceRateLimiter.class);

  /** One source's bucket and what was said about it. */
  private static final class Source {
    /** When the bucket is full again; a datagram is admitted while that is within the burst. */
    long fullAt;
    boolean over;
    long lastDropAt;
    long lastLineAt;
    long droppedSinceLine;
    long droppedInAll;
  }

  private final RateLimit limit;
  private final LongSupplier nanoTime;
  private final long intervalNanos;
  private final long toleranceNanos;
  private final long logEveryNanos;
  private final Map<InetSocketAddress, Source> sources;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong admitted = new AtomicLong();

  /**
   * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}; tests move it)
   */
  public SourceRateLimiter(RateLimit limit, LongSupplier nanoTime) {
    this.limit = limit;
    this.nanoTime = nanoTime;
    this.intervalNanos = limit.isOn() ? 1_000_000_000L / limit.perSecond() : 0;
    this.toleranceNanos = (limit.burst() - 1) * intervalNanos;
    this.logEveryNanos = limit.logEvery().toNanos();
    int capacity = limit.sources();
    // Access order: the eldest entry is the source heard from least recently.
    this.sources =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Source> eldest) {
            return size() > capacity;
          }
        };
  }

  /** A limiter for a real socket, on the system's monotonic clock. */
  public static SourceRateLimiter of(RateLimit limit) {
    return new SourceRateLimiter(limit, System::nanoTime);
  }

  /** Whether a datagram just read from {@code source} goes on to be decoded. */
  public boolean admit(InetSocketAddress source) {
    if (intervalNanos == 0) {
      return true;
    }
    long now = nanoTime.getAsLong();
    Source s = sources.get(source);
    if (s == null) {
      s = new Source();
      s.fullAt = now;
      sources.put(source, s);
    }
    long fullAt = Math.max(s.fullAt, now);
    if (fullAt - now > toleranceNanos) {
      drop(source, s, now);
      return false;
    }
    s.fullAt = fullAt + intervalNanos;
    if (s.over && now - s.lastDropAt >= logEveryNanos) {
      // Only after a quiet while: a source sending just above its rate would otherwise be
      // over and back under every few milliseconds, a line each time.
      s.over = false;
      LOG.info("{} back under the rate limit: {} datagrams dropped since the last line ({} from it in all)",
          PacketTrace.peer(source), s.droppedSinceLine, s.droppedInAll);
      s.droppedSinceLine = 0;
    }
    admitted.setRelease(admitted.getPlain() + 1);
    return true;
  }

  private void drop(InetSocketAddress source, Source s, long now) {
    dropped.setRelease(dropped.getPlain() + 1);
    s.droppedInAll++;
    s.lastDropAt = now;
    if (!s.over) {
      s.over = true;
      s.lastLineAt = now;
      s.droppedSinceLine = 1;
      LOG.warn("{} is over the rate limit ({} datagrams/s, burst {}): its datagrams are dropped"
              + " unread and unanswered", PacketTrace.peer(source), limit.perSecond(),
          limit.burst());
      return;
    }
    s.droppedSinceLine++;
    if (now - s.lastLineAt >= logEveryNanos) {
      LOG.warn("{} still over the rate limit: {} datagrams dropped in the last {} s ({} from it"
              + " in all)", PacketTrace.peer(source), s.droppedSinceLine,
          (now - s.lastLineAt) / 1_000_000_000L, s.droppedInAll);
      s.lastLineAt = now;
      s.droppedSinceLine = 0;
    }
  }

  /** Datagrams dropped over the limit since the socket opened, from every source. */
  public long dropped() {
    return dropped.getAcquire();
  }

  /** Datagrams let through to be decoded since the socket opened. */
  public long admitted() {
    return admitted.getAcquire();
  }

  /** How many sources have a count now (at most {@link RateLimit#sources()}); reader thread only. */
  int trackedSources() {
    return sources.size();
  }
}
