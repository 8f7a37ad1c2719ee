package udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import udpchat.cli.Launch;
import udpchat.config.ConfigLoader;

/** {@code udpchat.servers}: the servers a client is given in its configuration. */
class ServerAddressTest {
  private static final InetSocketAddress FIRST = new InetSocketAddress("127.0.0.1", 5000);
  private static final InetSocketAddress SECOND = new InetSocketAddress("127.0.0.1", 5001);
  private static final InetSocketAddress THIRD = new InetSocketAddress("127.0.0.1", 5002);
  private static final ClientOptions SPEC_CLIENT = new ClientOptions("x", FIRST, 3333);

  private static Config withServers(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigLoader.builtIn()).resolve();
  }

  @Test
  void byDefaultAClientHasOnlyTheServerOfItsCommandLine() {
    Launch.Client client = new Launch.Client(SPEC_CLIENT, false);
    assertEquals(List.of(FIRST), client.options(ConfigLoader.builtIn()).servers());
  }

  @Test
  void theConfiguredServersFollowTheCommandLinesEachOnce() {
    Config config = withServers(
        "udpchat.servers = [\"127.0.0.1:5000\", \"127.0.0.1:5002\", \"127.0.0.1:5001\"]");
    assertEquals(
        List.of(FIRST, THIRD, SECOND),
        new Launch.Client(SPEC_CLIENT, false).options(config).servers());
  }

  @Test
  void aSystemPropertyMayListThemSeparatedByCommasOrByIndex() {
    assertEquals(
        List.of(SECOND, THIRD),
        ServerAddress.configured(
            asSystemProperties("udpchat.servers", "127.0.0.1:5001, 127.0.0.1:5002")));
    assertEquals(
        List.of(SECOND, THIRD),
        ServerAddress.configured(
            asSystemProperties(
                "udpchat.servers.0", "127.0.0.1:5001", "udpchat.servers.1", "127.0.0.1:5002")));
  }

  /** The configuration as -D{key}={value}... make it, over the built-in one. */
  private static Config asSystemProperties(String... keysAndValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return ConfigFactory.parseProperties(properties).withFallback(ConfigLoader.builtIn()).resolve();
  }

  @Test
  void theServersFlagTakesThePlaceOfTheConfiguredServers() {
    Config config = withServers("udpchat.servers = [\"127.0.0.1:5002\"]");
    Launch.Client client =
        new Launch.Client(SPEC_CLIENT.withMoreServers(List.of(SECOND)), false, true);
    assertEquals(List.of(FIRST, SECOND), client.options(config).servers());
  }

  @Test
  void aBadConfiguredAddressIsAConfigurationErrorThatNamesIt() {
    Config config = withServers("udpchat.servers = [\"127.0.0.1:5001\", \"127.0.0.1:99999\"]");
    ConfigException wrong =
        assertThrows(ConfigException.class, () -> ServerAddress.configured(config));
    assertEquals(
        "Invalid value at 'udpchat.servers': invalid server port in '127.0.0.1:99999': use a"
            + " whole number from 1024 to 65535",
        wrong.getMessage());
  }
}
