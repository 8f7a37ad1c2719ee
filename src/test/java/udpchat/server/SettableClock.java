package udpchat.server;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test sets to the wall-clock time a scenario needs (UTC, a fixed date). */
final class SettableClock extends Clock {
  private volatile Instant now;

  SettableClock(String time) {
    set(time);
  }

  /** Sets the time of day, {@code HH:mm:ss}. */
  void set(String time) {
    now = LocalTime.parse(time).atDate(java.time.LocalDate.of(2024, 3, 1)).toInstant(ZoneOffset.UTC);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("tests use UTC");
  }

  @Override
  public Instant instant() {
    return now;
  }
}
