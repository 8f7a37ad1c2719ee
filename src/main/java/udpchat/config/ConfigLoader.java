package udpchat.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds a node's configuration, highest precedence first: {@code -D} system properties,
 * {@code conf/application.conf} in the working directory (when present), the built-in
 * {@code udpchat.conf}, then the libraries' reference.conf files. The jar needs nothing else to
 * run, so it works from any directory.
 */
public final class ConfigLoader {
  public static final Path LOCAL_CONF = Path.of("conf", "application.conf");

  private ConfigLoader() {}

  public static Config load() {
    return load(LOCAL_CONF);
  }

  public static Config load(Path localConf) {
    Config local =
        Files.isRegularFile(localConf)
            ? ConfigFactory.parseFile(
                localConf.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
            : ConfigFactory.empty();
    return ConfigFactory.defaultOverrides()
        .withFallback(local)
        .withFallback(builtIn())
        .resolve();
  }

  /** The built-in defaults without anything from the working directory or system properties. */
  public static Config builtIn() {
    return ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "udpchat.conf")
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }
}
