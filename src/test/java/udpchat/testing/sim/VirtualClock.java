package udpchat.testing.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.LongSupplier;

/**
 * A clock that stands still until virtual time is advanced: it reads {@code start} plus the
 * virtual milliseconds that have passed, so the times nodes print are the same on every run.
 */
public final class VirtualClock extends Clock {
  private final Instant start;
  private final ZoneId zone;
  private final LongSupplier elapsedMillis;

  public VirtualClock(Instant start, ZoneId zone, LongSupplier elapsedMillis) {
    this.start = start;
    this.zone = zone;
    this.elapsedMillis = elapsedMillis;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    return new VirtualClock(start, newZone, elapsedMillis);
  }

  @Override
  public Instant instant() {
    return start.plusMillis(elapsedMillis.getAsLong());
  }
}
