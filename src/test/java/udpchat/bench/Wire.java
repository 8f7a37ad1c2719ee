package udpchat.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import udpchat.protocol.MalformedPacketException;
import udpchat.protocol.Packet;
import udpchat.protocol.PacketCodec;

/**
 * Cheap looks at a datagram's bytes, so the load generator need not decode with Jackson what it
 * does not use: the type (the codec always writes {@code "type"} first), the {@code id} of a group
 * message, and an {@code ack} built from a template. {@link #agreesWith} checks these against the
 * real {@link PacketCodec} before the generator relies on them; everything else goes through the
 * codec.
 */
final class Wire {
  /** The packet types the generator treats specially; every other one is {@link #OTHER}. */
  enum Kind {
    TABLE_UPDATE("table_update"),
    GROUP_CHAT("GC"),
    OTHER("");

    private final byte[] name;

    Kind(String name) {
      this.name = name.getBytes(StandardCharsets.US_ASCII);
    }
  }

  private static final byte[] TYPE_PREFIX = "{\"type\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ID_FIELD = ",\"id\":".getBytes(StandardCharsets.US_ASCII);

  private Wire() {}

  /** The datagram's type as far as the generator cares; OTHER when in doubt. */
  static Kind kind(byte[] bytes, int length) {
    if (!startsWith(bytes, length, TYPE_PREFIX, 0)) {
      return Kind.OTHER;
    }
    for (Kind kind : Kind.values()) {
      int end = TYPE_PREFIX.length + kind.name.length;
      if (kind != Kind.OTHER
          && end < length
          && bytes[end] == '"'
          && startsWith(bytes, length, kind.name, TYPE_PREFIX.length)) {
        return kind;
      }
    }
    return Kind.OTHER;
  }

  /**
   * The value of the top-level {@code "id"} field, or -1. A {@code ,"id":} can only be the field
   * itself: inside a JSON string its quotes would be escaped.
   */
  static long id(byte[] bytes, int length) {
    outer:
    for (int i = 0; i + ID_FIELD.length < length; i++) {
      for (int j = 0; j < ID_FIELD.length; j++) {
        if (bytes[i + j] != ID_FIELD[j]) {
          continue outer;
        }
      }
      long id = 0;
      int k = i + ID_FIELD.length;
      int digits = 0;
      while (k < length && bytes[k] >= '0' && bytes[k] <= '9' && digits < 19) {
        id = id * 10 + (bytes[k++] - '0');
        digits++;
      }
      return digits == 0 ? -1 : id;
    }
    return -1;
  }

  /** A client's ack to the server, as the codec writes it (names and tokens need no escaping). */
  static byte[] ack(long id, String from, String token) {
    return ("{\"type\":\"ack\",\"id\":" + id + ",\"from\":\"" + from + "\",\"token\":\"" + token
            + "\"}")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** True when the shortcuts above read and write exactly what the codec does. */
  static boolean agreesWith(PacketCodec codec) {
    String token = "AbCdEfGhIjKlMnOpQrSt_-";
    Packet.Ack ack = new Packet.Ack(2147483646L, "client_9.x-y", token);
    byte[] group =
        codec.encode(new Packet.GroupChat(1234567890L, "s", "hi \"id\":7, ,\\\"id\\\":8", token));
    byte[] update = codec.encode(new Packet.TableUpdate(udpchat.protocol.ClientTable.EMPTY, token));
    try {
      return Arrays.equals(codec.encode(ack), ack(ack.id(), ack.from(), ack.token()))
          && codec.decode(ack(ack.id(), ack.from(), ack.token())).equals(ack)
          && kind(group, group.length) == Kind.GROUP_CHAT
          && id(group, group.length) == 1234567890L
          && kind(update, update.length) == Kind.TABLE_UPDATE;
    } catch (MalformedPacketException e) {
      return false;
    }
  }

  private static boolean startsWith(byte[] bytes, int length, byte[] prefix, int at) {
    if (at + prefix.length > length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
