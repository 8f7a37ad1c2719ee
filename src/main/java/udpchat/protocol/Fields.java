package udpchat.protocol;

import java.util.regex.Pattern;

/** Checks a packet's fields as it is built, so a decoded packet is always well formed. */
public final class Fields {
  /** SPEC §1: 1–32 characters of {@code A-Z a-z 0-9 _ - .}. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

  private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}:\\d{2}");

  private Fields() {}

  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  public static boolean isValidPort(int port) {
    return port >= 1024 && port <= 65535;
  }

  static void id(long id) {
    if (id <= 0) {
      throw new IllegalArgumentException("missing or invalid \"id\"");
    }
  }

  static void required(String field, Object value) {
    if (value == null) {
      throw new IllegalArgumentException("missing \"" + field + "\"");
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

  static void time(String field, String value) {
    required(field, value);
    if (!TIME.matcher(value).matches()) {
      throw new IllegalArgumentException("\"" + field + "\" is not a HH:mm:ss time");
    }
  }
}
