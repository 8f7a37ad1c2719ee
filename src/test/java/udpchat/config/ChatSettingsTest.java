package udpchat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChatSettingsTest {
  private static final ChatSettings DEFAULTS = ChatSettings.defaults();

  @Test
  void theBuiltInLimits() {
    assertEquals(new ChatLimits(1000, 1000, 100_000, 100), DEFAULTS.limits());
    assertEquals(
        DEFAULTS,
        new ChatSettings(
            DEFAULTS.ackTimeout(),
            DEFAULTS.requestAttempts(),
            DEFAULTS.directAttempts(),
            DEFAULTS.maxDatagramBytes(),
            DEFAULTS.recentIds(),
            DEFAULTS.bindHost()),
        "without limits, the built-in ones");
  }

  @Test
  void theRepositorysConfFileStatesTheBuiltInDefaults() {
    assertEquals(DEFAULTS, ChatSettings.from(ConfigLoader.load(Path.of("conf", "application.conf"))));
  }

  @Test
  void limitsComeFromTheConfig() {
    ChatSettings settings =
        ChatSettings.from(
            ConfigFactory.parseString(
                    "udpchat { max-message-chars = 200, max-stored-messages = 5,"
                        + " max-clients = 10 }")
                .withFallback(ConfigLoader.builtIn()));
    assertEquals(new ChatLimits(200, 5, 10), settings.limits());
  }

  @Test
  void aMessageThatCouldNotFitInADatagramIsRefusedWithTheLimit() {
    IllegalArgumentException message =
        assertThrows(IllegalArgumentException.class, () -> withDatagram(4096, 1000, 10));
    assertTrue(message.getMessage().contains("max-message-chars must be at most 597"),
        message.getMessage());
  }

  @Test
  void aTableOfAnySizeIsAllowedItTravelsInParts() {
    assertEquals(100_000, withDatagram(4096, 500, 100_000).limits().maxClients());
  }

  @Test
  void charactersAreCountedAsCodePoints() {
    assertEquals(3, ChatLimits.length("a☃😀"));
    assertTrue(new ChatLimits(2, 1, 1).isTooLong("a☃😀"));
  }

  private static ChatSettings withDatagram(int bytes, int messageChars, int clients) {
    return new ChatSettings(
        Duration.ofMillis(500), 5, 1, bytes, 4096, "0.0.0.0",
        new ChatLimits(messageChars, 1000, clients));
  }
}
