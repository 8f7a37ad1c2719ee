package udpchat.config;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Every tunable of a node, read from the {@code udpchat} section of the configuration
 * (defaults in udpchat.conf; conf/application.conf and -Dudpchat.… override them).
 *
 * @param ackTimeout how long to wait for any ACK before retrying or giving up
 * @param requestAttempts how many times a request to the server is sent before
 *     "[Server not responding]"
 * @param directAttempts how many times a direct message is sent to the peer before it is handed
 *     to the server
 * @param maxDatagramBytes larger datagrams are dropped unread
 * @param recentIds how many recent (sender, id) pairs a node remembers to recognise repeats
 * @param bindHost the local interface the node's socket binds to
 * @param limits message length, mailbox and table limits
 * @param entityIdle how long a client's entity on the server may go without a message before it
 *     stops (it starts again, from its journal, on its next one)
 * @param tablePublishWindow how long the server gathers the table's changes after a broadcast to
 *     many clients before it broadcasts again (zero: never; only changes that arrive together go
 *     together)
 * @param tablePublishWindowFrom a broadcast to this many clients or more opens the window
 * @param serverRounds how many times a client's request goes round its list of servers before
 *     it gives up
 */
public record ChatSettings(
    Duration ackTimeout,
    int requestAttempts,
    int directAttempts,
    int maxDatagramBytes,
    int recentIds,
    String bindHost,
    ChatLimits limits,
    Duration entityIdle,
    Duration tablePublishWindow,
    int tablePublishWindowFrom,
    int serverRounds) {

  /**
   * The most a character can take on the wire: a control character is written as a six-byte JSON
   * escape ({@code \u001b}).
   */
  static final int BYTES_PER_CHAR = 6;

  /** Room for everything in a packet but its message (type, id, names, time, token). */
  static final int PACKET_OVERHEAD = 512;

  private static final String PUBLISH_WINDOW = "table-publish-window";
  private static final String PUBLISH_WINDOW_FROM = "table-publish-window-from";

  public ChatSettings {
    if (ackTimeout.isNegative() || ackTimeout.isZero()) {
      throw new IllegalArgumentException("udpchat.ack-timeout must be positive");
    }
    if (entityIdle.isNegative() || entityIdle.isZero()) {
      throw new IllegalArgumentException("udpchat.entity-idle must be positive");
    }
    if (tablePublishWindow.isNegative()) {
      throw new IllegalArgumentException("udpchat.table-publish-window must not be negative");
    }
    if (tablePublishWindowFrom < 1) {
      throw new IllegalArgumentException("udpchat.table-publish-window-from must be at least 1");
    }
    if (serverRounds < 1) {
      throw new IllegalArgumentException("udpchat.server-rounds must be at least 1");
    }
    if (requestAttempts < 1 || directAttempts < 1) {
      throw new IllegalArgumentException("udpchat attempts must be at least 1");
    }
    if (maxDatagramBytes < 512 || maxDatagramBytes > 65507) {
      throw new IllegalArgumentException("udpchat.max-datagram-bytes must be in 512-65507");
    }
    int longestMessage = (maxDatagramBytes - PACKET_OVERHEAD) / BYTES_PER_CHAR;
    if (limits.maxMessageChars() > longestMessage) {
      throw new IllegalArgumentException(
          "udpchat.max-message-chars must be at most " + longestMessage
              + " with max-datagram-bytes " + maxDatagramBytes
              + ", so that every message fits in one datagram");
    }
  }

  /** The settings with the built-in entity idle time, table-publish window and server rounds. */
  public ChatSettings(
      Duration ackTimeout,
      int requestAttempts,
      int directAttempts,
      int maxDatagramBytes,
      int recentIds,
      String bindHost,
      ChatLimits limits) {
    this(ackTimeout, requestAttempts, directAttempts, maxDatagramBytes, recentIds, bindHost,
        limits, ConfigLoader.builtIn().getDuration("udpchat.entity-idle"),
        ConfigLoader.builtIn().getDuration("udpchat." + PUBLISH_WINDOW),
        ConfigLoader.builtIn().getInt("udpchat." + PUBLISH_WINDOW_FROM),
        ConfigLoader.builtIn().getInt("udpchat.server-rounds"));
  }

  /** The settings with the built-in limits. */
  public ChatSettings(
      Duration ackTimeout,
      int requestAttempts,
      int directAttempts,
      int maxDatagramBytes,
      int recentIds,
      String bindHost) {
    this(
        ackTimeout,
        requestAttempts,
        directAttempts,
        maxDatagramBytes,
        recentIds,
        bindHost,
        ChatLimits.from(ConfigLoader.builtIn().getConfig("udpchat")));
  }

  public static ChatSettings from(Config config) {
    Config c = config.getConfig("udpchat");
    return new ChatSettings(
        c.getDuration("ack-timeout"),
        c.getInt("request-attempts"),
        c.getInt("direct-attempts"),
        c.getInt("max-datagram-bytes"),
        c.getInt("recent-ids"),
        c.getString("bind-host"),
        ChatLimits.from(c),
        c.getDuration("entity-idle"),
        c.getDuration(PUBLISH_WINDOW),
        c.getInt(PUBLISH_WINDOW_FROM),
        c.getInt("server-rounds"));
  }

  /** The built-in defaults, for tests. */
  public static ChatSettings defaults() {
    return from(ConfigLoader.builtIn());
  }

  /** The same settings with other limits. */
  public ChatSettings withLimits(ChatLimits newLimits) {
    return new ChatSettings(
        ackTimeout, requestAttempts, directAttempts, maxDatagramBytes, recentIds, bindHost,
        newLimits, entityIdle, tablePublishWindow, tablePublishWindowFrom, serverRounds);
  }

  /** The same settings with another idle time before a client's entity stops. */
  public ChatSettings withEntityIdle(Duration idle) {
    return new ChatSettings(
        ackTimeout, requestAttempts, directAttempts, maxDatagramBytes, recentIds, bindHost,
        limits, idle, tablePublishWindow, tablePublishWindowFrom, serverRounds);
  }

  /** The same settings with another table-publish-window, opened from {@code from} clients. */
  public ChatSettings withTablePublishWindow(Duration window, int from) {
    return new ChatSettings(
        ackTimeout, requestAttempts, directAttempts, maxDatagramBytes, recentIds, bindHost,
        limits, entityIdle, window, from, serverRounds);
  }
}
