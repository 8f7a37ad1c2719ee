package udpchat.config;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * What one source address may cost the server: the {@code udpchat.rate-limit} section. Kept apart
 * from {@link ChatSettings} because only the server's socket applies it (clients' sockets are not
 * limited), so the many places that build a ChatSettings need not know of it.
 *
 * @param perSecond datagrams per second that one source address (IP and port) may send in the
 *     long run; 0 turns the limit off
 * @param burst how many datagrams a source may send at once before {@code perSecond} applies
 * @param sources how many sources the server keeps a count for; beyond it the one heard from
 *     least recently is forgotten, so a flood of forged addresses cannot grow the table
 * @param logEvery while a source stays over its limit, one line at most this often says how many
 *     of its datagrams were dropped
 */
public record RateLimit(int perSecond, int burst, int sources, Duration logEvery) {

  public RateLimit {
    if (perSecond < 0) {
      throw new IllegalArgumentException("udpchat.rate-limit.per-second must not be negative");
    }
    if (burst < 1) {
      throw new IllegalArgumentException("udpchat.rate-limit.burst must be at least 1");
    }
    if (sources < 1) {
      throw new IllegalArgumentException("udpchat.rate-limit.sources must be at least 1");
    }
    if (logEvery.isNegative() || logEvery.isZero()) {
      throw new IllegalArgumentException("udpchat.rate-limit.log-every must be positive");
    }
  }

  /** No limit at all (what a client's socket has). */
  public static final RateLimit OFF = new RateLimit(0, 1, 1, Duration.ofSeconds(10));

  public boolean isOn() {
    return perSecond > 0;
  }

  /** Reads the {@code udpchat.rate-limit} section of a whole configuration. */
  public static RateLimit from(Config config) {
    Config c = config.getConfig("udpchat.rate-limit");
    return new RateLimit(
        c.getInt("per-second"), c.getInt("burst"), c.getInt("sources"),
        c.getDuration("log-every"));
  }

  /** The built-in default. */
  public static RateLimit defaults() {
    return from(ConfigLoader.builtIn());
  }
}
