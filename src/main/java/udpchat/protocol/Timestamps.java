package udpchat.protocol;

import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** The protocol's message times: {@code HH:mm:ss} on the given clock (injected, so tests fix it). */
public final class Timestamps {
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("HH:mm:ss");

  private Timestamps() {}

  public static String now(Clock clock) {
    return LocalTime.now(clock).format(FORMAT);
  }
}
