package udpchat.config;

import com.typesafe.config.Config;

/**
 * What a node accepts from others, so no one can make it print, store or send without bound (the
 * datagram size limit is in {@link ChatSettings}, beside the codec that applies it).
 *
 * @param maxMessageChars the longest message, in characters (Unicode code points), that a client
 *     sends and the server relays or stores
 * @param maxStoredMessages how many messages the server keeps for one offline client
 * @param maxClients how many names the server registers
 * @param printedTableMax up to this many clients the server prints its whole table at each change;
 *     above it, only the entries that changed (a line of 10,000 entries helps no one)
 */
public record ChatLimits(
    int maxMessageChars, int maxStoredMessages, int maxClients, int printedTableMax) {

  /** Tables of up to this many clients are printed whole by default. */
  public static final int PRINTED_TABLE_MAX = 100;

  public ChatLimits {
    if (maxMessageChars < 1) {
      throw new IllegalArgumentException("udpchat.max-message-chars must be at least 1");
    }
    if (maxStoredMessages < 1) {
      throw new IllegalArgumentException("udpchat.max-stored-messages must be at least 1");
    }
    if (maxClients < 1) {
      throw new IllegalArgumentException("udpchat.max-clients must be at least 1");
    }
    if (printedTableMax < 0) {
      throw new IllegalArgumentException("udpchat.printed-table-max must not be negative");
    }
  }

  /** With the default {@link #PRINTED_TABLE_MAX}. */
  public ChatLimits(int maxMessageChars, int maxStoredMessages, int maxClients) {
    this(maxMessageChars, maxStoredMessages, maxClients, PRINTED_TABLE_MAX);
  }

  /** Reads the limits from a config's {@code udpchat} section. */
  public static ChatLimits from(Config udpchat) {
    return new ChatLimits(
        udpchat.getInt("max-message-chars"),
        udpchat.getInt("max-stored-messages"),
        udpchat.getInt("max-clients"),
        udpchat.getInt("printed-table-max"));
  }

  /** The number of characters in {@code message}, as the limit counts them. */
  public static int length(String message) {
    return message.codePointCount(0, message.length());
  }

  public boolean isTooLong(String message) {
    return length(message) > maxMessageChars;
  }
}
