package udpchat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitTest {
  @Test
  void theLimitIsOnByDefault() {
    assertEquals(new RateLimit(10_000, 10_000, 100_000, Duration.ofSeconds(10)),
        RateLimit.defaults());
    assertTrue(RateLimit.defaults().isOn());
  }

  @Test
  void theRepositorysConfFileStatesTheBuiltInDefaults() {
    assertEquals(RateLimit.defaults(),
        RateLimit.from(ConfigLoader.load(Path.of("conf", "application.conf"))));
  }

  @Test
  void perSecondZeroTurnsItOff() {
    RateLimit off = RateLimit.from(ConfigFactory.parseString("udpchat.rate-limit.per-second = 0")
        .withFallback(ConfigLoader.builtIn()));
    assertFalse(off.isOn());
  }

  @Test
  void aNegativeRateIsRefusedWithItsKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RateLimit(-1, 10, 10, Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains("udpchat.rate-limit.per-second"), e.getMessage());
  }
}
