package udpchat.client;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import udpchat.protocol.Fields;

/**
 * A server's address as a person writes it: {@code <server-ip>:<server-port>} ({@code
 * [<ipv6>]:<port>} for an IPv6 literal), on the command line ({@code --servers}) or in the
 * configuration ({@code udpchat.servers}). Every check throws an {@link IllegalArgumentException}
 * whose message is one line naming what is wrong.
 */
public final class ServerAddress {
  /** The configuration key: the servers of the chat, tried in this order. */
  public static final String SERVERS_KEY = "udpchat.servers";

  static final String PORT_RULE = "use a whole number from 1024 to 65535";
  static final String IP_RULE = "not an IP address or a host name that resolves";

  private ServerAddress() {}

  /** {@code value} as a resolved address; {@code 127.0.0.1:5001}, {@code [::1]:5001}. */
  public static InetSocketAddress parse(String value) {
    String written = value.strip();
    int colon = written.lastIndexOf(':');
    String host = colon < 0 ? "" : written.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      host = ""; // an IPv6 literal needs its brackets, or its last group reads as the port
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("invalid server address '" + value
          + "': use <server-ip>:<server-port>, e.g. 127.0.0.1:5001");
    }
    int port;
    try {
      port = port(written.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid server port in '" + value + "': " + e.getMessage());
    }
    try {
      return new InetSocketAddress(host(host), port);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid server IP in '" + value + "': " + e.getMessage());
    }
  }

  /** Each of {@code values}, parsed, in order. */
  public static List<InetSocketAddress> parseAll(List<String> values) {
    return values.stream().map(ServerAddress::parse).toList();
  }

  /**
   * The servers {@code udpchat.servers} lists: a list of addresses, or one string of addresses
   * separated by commas (as a {@code -Dudpchat.servers=…} property gives it). Empty by default.
   */
  public static List<InetSocketAddress> configured(Config config) {
    if (!config.hasPath(SERVERS_KEY)) {
      return List.of();
    }
    List<String> written = new ArrayList<>();
    if (config.getValue(SERVERS_KEY).valueType() == ConfigValueType.STRING) {
      for (String part : config.getString(SERVERS_KEY).split(",")) {
        if (!part.isBlank()) {
          written.add(part);
        }
      }
    } else {
      written.addAll(config.getStringList(SERVERS_KEY));
    }
    try {
      return parseAll(written);
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue(SERVERS_KEY, e.getMessage());
    }
  }

  /** A port of the SPEC's range; the message says the rule. */
  public static int port(String value) {
    try {
      int port = Integer.parseInt(value.strip());
      if (Fields.isValidPort(port)) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below, like an out-of-range number
    }
    throw new IllegalArgumentException(PORT_RULE);
  }

  /** An IP literal, or a host name that resolves (looked up once, here). */
  public static InetAddress host(String value) {
    try {
      if (value.isBlank()) {
        throw new UnknownHostException(value); // InetAddress would take "" for the local host
      }
      return InetAddress.getByName(value);
    } catch (UnknownHostException | SecurityException e) {
      throw new IllegalArgumentException(IP_RULE);
    }
  }
}
