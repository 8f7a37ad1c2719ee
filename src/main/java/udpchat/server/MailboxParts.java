package udpchat.server;

import java.util.ArrayList;
import java.util.List;
import udpchat.protocol.Packet.OfflineMessages;
import udpchat.protocol.PacketCodec;
import udpchat.protocol.StoredMessage;

/**
 * Splits a mailbox into parts that each fit in one datagram, oldest first, so a full mailbox can
 * be delivered at all. An empty mailbox is one empty part: it is still the answer to {@code reg}.
 */
final class MailboxParts {
  /** Sizes are measured with the largest id, so the real packet is never bigger. */
  private static final long WIDEST_ID = Long.MAX_VALUE;

  private MailboxParts() {}

  static List<List<StoredMessage>> split(
      List<StoredMessage> messages, String token, PacketCodec codec) {
    int limit = codec.maxDatagramBytes();
    int empty = sizeOf(List.of(), token, codec);
    List<List<StoredMessage>> parts = new ArrayList<>();
    List<StoredMessage> part = new ArrayList<>();
    int size = empty;
    for (StoredMessage message : messages) {
      // Alone in a part it costs its own bytes; after another one, a comma more.
      int cost = sizeOf(List.of(message), token, codec) - empty + 1;
      if (!part.isEmpty() && size + cost > limit) {
        parts.add(List.copyOf(part));
        part.clear();
        size = empty;
      }
      part.add(message);
      size += cost;
    }
    if (!part.isEmpty() || parts.isEmpty()) {
      parts.add(List.copyOf(part));
    }
    return parts;
  }

  private static int sizeOf(List<StoredMessage> messages, String token, PacketCodec codec) {
    return codec.encode(new OfflineMessages(WIDEST_ID, messages, true, token)).length;
  }
}
