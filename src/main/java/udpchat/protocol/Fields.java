package udpchat.protocol;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Checks a packet's fields as it is built, so a decoded packet is always well formed. */
public final class Fields {
  /** SPEC §1: 1–32 characters of {@code A-Z a-z 0-9 _ - .}. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

  private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}:\\d{2}");
  private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
  private static final Pattern IPV4 = Pattern.compile("(" + OCTET + "\\.){3}" + OCTET);
  /** Hex digits, colons and dots (an embedded IPv4 part), then an optional scope. */
  private static final Pattern IPV6 =
      Pattern.compile("[0-9A-Fa-f:.]{2,45}(%[A-Za-z0-9_.-]{1,32})?");

  private Fields() {}

  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  public static boolean isValidPort(int port) {
    return port >= 1024 && port <= 65535;
  }

  static void id(long id) {
    id("id", id);
  }

  static void id(String field, long id) {
    if (id <= 0) {
      throw new IllegalArgumentException("missing or invalid \"" + field + "\"");
    }
  }

  /** A table version: 0 (nothing yet) or more. */
  static void version(String field, long value) {
    if (value < 0) {
      throw new IllegalArgumentException("\"" + field + "\" must not be negative");
    }
  }

  /** A count or a 1-based position: at least 1. */
  static void count(String field, int value) {
    if (value < 1) {
      throw new IllegalArgumentException("missing or invalid \"" + field + "\" (at least 1)");
    }
  }

  static void required(String field, Object value) {
    if (value == null) {
      throw new IllegalArgumentException("missing \"" + field + "\"");
    }
  }

  static void noNulls(String field, List<?> values) {
    if (values.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("\"" + field + "\" holds a null entry");
    }
  }

  static void name(String field, String value) {
    required(field, value);
    if (!isValidName(value)) {
      throw new IllegalArgumentException("\"" + field + "\" is not a valid client name");
    }
  }

  static void port(String field, int value) {
    if (!isValidPort(value)) {
      throw new IllegalArgumentException("\"" + field + "\" is not a port in 1024-65535");
    }
  }

  /** A session token, required. */
  static void token(String field, String value) {
    required(field, value);
    optionalToken(field, value);
  }

  /** A session token where it may be absent; the receiving node decides whether it needs one. */
  static void optionalToken(String field, String value) {
    if (value != null && !SessionToken.isWellFormed(value)) {
      throw new IllegalArgumentException("\"" + field + "\" is not a session token");
    }
  }

  /**
   * An IP address literal: never a host name, so reading a table never leads to a DNS lookup and
   * every address in it can be sent to.
   */
  static void ip(String field, String value) {
    required(field, value);
    if (!IPV4.matcher(value).matches() && !isIpv6Literal(value)) {
      throw new IllegalArgumentException("\"" + field + "\" is not an IP address");
    }
  }

  private static boolean isIpv6Literal(String value) {
    if (!IPV6.matcher(value).matches() || !value.contains(":")) {
      return false;
    }
    int scope = value.indexOf('%');
    try {
      // A text with ':' is parsed as an IPv6 literal or refused, never looked up.
      InetAddress.getByName(scope < 0 ? value : value.substring(0, scope));
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  static void time(String field, String value) {
    required(field, value);
    if (!TIME.matcher(value).matches()) {
      throw new IllegalArgumentException("\"" + field + "\" is not a HH:mm:ss time");
    }
  }
}
