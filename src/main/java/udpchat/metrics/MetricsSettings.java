package udpchat.metrics;

import com.typesafe.config.Config;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code udpchat.metrics} settings.
 *
 * @param port the Prometheus endpoint's TCP port; 0 (the default) means no endpoint
 * @param bindHost the interface the endpoint listens on
 * @param refreshEvery how often the registry's gauges (table, mailboxes) are read
 * @param summaryEvery how often the one-line summary goes to the log
 */
public record MetricsSettings(
    int port, String bindHost, Duration refreshEvery, Duration summaryEvery) {
  /** The built-in defaults: no endpoint, gauges every 5 s, a summary line every minute. */
  public static final MetricsSettings DEFAULTS =
      new MetricsSettings(0, "127.0.0.1", Duration.ofSeconds(5), Duration.ofMinutes(1));

  public MetricsSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "udpchat.metrics.port must be 0 (off) or a TCP port up to 65535, not " + port);
    }
    if (refreshEvery.isNegative() || refreshEvery.isZero()
        || summaryEvery.isNegative() || summaryEvery.isZero()) {
      throw new IllegalArgumentException(
          "udpchat.metrics.refresh-every and summary-every must be positive");
    }
  }

  public static MetricsSettings from(Config config) {
    Config metrics = config.getConfig("udpchat.metrics");
    return new MetricsSettings(
        metrics.getInt("port"),
        metrics.getString("bind-host"),
        metrics.getDuration("refresh-every"),
        metrics.getDuration("summary-every"));
  }

  /** Where the endpoint listens, if it is on. */
  public Optional<InetSocketAddress> endpoint() {
    return port == 0 ? Optional.empty() : Optional.of(new InetSocketAddress(bindHost, port));
  }
}
