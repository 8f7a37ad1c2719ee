package udpchat.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * What fuzz tests feed the nodes: hostile text, random bytes, JSON-shaped garbage, and mutations
 * of valid datagrams (flipped bits, cut or doubled bytes, fields given values of the wrong type,
 * packets given another packet's type).
 */
public final class FuzzInput {
  /** Every packet type, and one that does not exist. */
  public static final List<String> TYPES =
      List.of(
          "freg", "conf_reg", "no_reg", "dereg", "reg", "GC", "to_offline", "msg",
          "offline_messages", "receipt", "status_check", "status_confirm", "table_update", "ack",
          "error", "bogus");

  /** JSON values of every kind, for a field that expects some other kind. */
  private static final List<String> VALUES =
      List.of(
          "null", "0", "-1", "1", "9223372036854775807", "9223372036854775808", "1e999", "0.5",
          "true", "\"\"", "\"x\"", "\"\\ud800\"", "[]", "{}", "[null]", "[\"x\",3333]",
          "{\"x\":[\"x\",\"127.0.0.1\",3333,true]}", "\"" + "m".repeat(3000) + "\"",
          "[[[[[[[[[[[[1]]]]]]]]]]]]");

  private FuzzInput() {}

  /** One change to a datagram; {@code at} and {@code value} are taken modulo what fits. */
  public record Mutation(int op, int at, int value) {}

  /** Message text: mostly short and plain, sometimes hostile, sometimes over every limit. */
  public static Arbitrary<String> text() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.strings().alpha().numeric().withChars(' ').ofMaxLength(30)),
        Tuple.of(3, Arbitraries.strings().ofMaxLength(30)),
        Tuple.of(
            2,
            Arbitraries.strings()
                .withChars("\"\\{}[]:,\n\r\t\u0000\u001b\u007f\u202e\u2066\ud800\udc00☃😀")
                .ofMaxLength(20)),
        Tuple.of(1, Arbitraries.strings().ascii().ofMinLength(990).ofMaxLength(1010)),
        Tuple.of(1, Arbitraries.strings().ofMinLength(1).ofMaxLength(6000)));
  }

  /** Random bytes, and sometimes text that looks like JSON but is not quite. */
  public static Arbitrary<byte[]> garbage() {
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
    Arbitrary<byte[]> tokens =
        Arbitraries.of(
                "{", "}", "[", "]", ":", ",", "\"type\"", "\"id\"", "\"", "\\", "\"name\"", "1",
                "-0", "1e5", "null", "true", "\"x\"", "\"GC\"", "\"msg\"", "\"table\"", " ", "\n")
            .list()
            .ofMaxSize(40)
            .map(parts -> String.join("", parts).getBytes(StandardCharsets.UTF_8));
    return Arbitraries.oneOf(bytes, tokens);
  }

  public static Arbitrary<List<Mutation>> mutations() {
    Arbitrary<Mutation> one =
        Combinators.combine(
                Arbitraries.integers().between(0, 7),
                Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.integers().greaterOrEqual(0))
            .as(Mutation::new);
    return one.list().ofMinSize(1).ofMaxSize(4);
  }

  /** The datagram with the mutations applied, in order. */
  public static byte[] mutate(byte[] datagram, List<Mutation> mutations) {
    byte[] bytes = datagram;
    for (Mutation mutation : mutations) {
      bytes = apply(bytes, mutation);
    }
    return bytes;
  }

  private static byte[] apply(byte[] bytes, Mutation m) {
    int n = bytes.length;
    int at = n == 0 ? 0 : m.at() % n;
    switch (m.op()) {
      case 0 -> {
        if (n > 0) {
          byte[] copy = bytes.clone();
          copy[at] ^= (byte) (1 << (m.value() % 8));
          return copy;
        }
        return bytes;
      }
      case 1 -> {
        if (n > 0) {
          byte[] copy = bytes.clone();
          copy[at] = (byte) m.value();
          return copy;
        }
        return bytes;
      }
      case 2 -> {
        byte[] copy = new byte[n + 1];
        System.arraycopy(bytes, 0, copy, 0, at);
        copy[at] = (byte) m.value();
        System.arraycopy(bytes, at, copy, at + 1, n - at);
        return copy;
      }
      case 3 -> {
        if (n == 0) {
          return bytes;
        }
        byte[] copy = new byte[n - 1];
        System.arraycopy(bytes, 0, copy, 0, at);
        System.arraycopy(bytes, at + 1, copy, at, n - at - 1);
        return copy;
      }
      case 4 -> {
        return Arrays.copyOf(bytes, at);
      }
      case 5 -> {
        int length = n == 0 ? 0 : 1 + m.value() % Math.max(1, n - at);
        byte[] copy = new byte[n + length];
        System.arraycopy(bytes, 0, copy, 0, at + length);
        System.arraycopy(bytes, at, copy, at + length, n - at);
        return copy;
      }
      case 6 -> {
        return replaceValue(bytes, m);
      }
      default -> {
        return retype(bytes, m);
      }
    }
  }

  /** Gives the field after the chosen {@code ":"} a value of some other kind. */
  private static byte[] replaceValue(byte[] bytes, Mutation m) {
    String json = new String(bytes, StandardCharsets.UTF_8);
    int colons = (int) json.chars().filter(c -> c == ':').count();
    if (colons == 0) {
      return bytes;
    }
    int colon = -1;
    for (int i = 0; i <= m.at() % colons; i++) {
      colon = json.indexOf(':', colon + 1);
    }
    int end = valueEnd(json, colon + 1);
    String value = VALUES.get(m.value() % VALUES.size());
    return (json.substring(0, colon + 1) + value + json.substring(end))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Where the JSON value starting at {@code start} ends (roughly: strings and nesting). */
  private static int valueEnd(String json, int start) {
    int depth = 0;
    boolean inString = false;
    for (int i = start; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
          if (depth == 0) {
            return i + 1;
          }
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '[' || c == '{') {
        depth++;
      } else if (c == ']' || c == '}') {
        if (depth == 0) {
          return i;
        }
        depth--;
        if (depth == 0) {
          return i + 1;
        }
      } else if (c == ',' && depth == 0) {
        return i;
      }
    }
    return json.length();
  }

  /** Gives the packet another packet's type, keeping its fields. */
  private static byte[] retype(byte[] bytes, Mutation m) {
    String json = new String(bytes, StandardCharsets.UTF_8);
    String type = TYPES.get(m.value() % TYPES.size());
    String retyped = json.replaceFirst("\"type\":\"[^\"]*\"", "\"type\":\"" + type + "\"");
    return retyped.getBytes(StandardCharsets.UTF_8);
  }
}
