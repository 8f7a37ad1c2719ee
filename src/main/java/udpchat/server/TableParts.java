package udpchat.server;

import java.util.ArrayList;
import java.util.List;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;
import udpchat.protocol.Packet.ConfReg;
import udpchat.protocol.Packet.TableUpdate;
import udpchat.protocol.PacketCodec;

/**
 * Splits table entries into parts that each fit in one datagram, in order, so a table of any size
 * can travel: as conf_reg plus table_update parts, or as one change broadcast in parts. Nothing
 * is encoded to split: an entry's size on the wire follows from its fields (names and addresses
 * need no escaping in JSON), and the packet around the entries is measured once, with the widest
 * numbers and token it can carry.
 */
final class TableParts {
  private final int room;

  TableParts(PacketCodec codec) {
    ClientTable none = ClientTable.EMPTY;
    String token = "A".repeat(22); // every token has this length
    int envelope =
        Math.max(
            codec.encode(new ConfReg(Long.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE, none, token))
                .length,
            codec.encode(
                    new TableUpdate(
                        Long.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
                        none, token))
                .length);
    this.room = codec.maxDatagramBytes() - envelope;
    if (room < ClientEntryBytes.MOST) {
      throw new IllegalArgumentException(
          "max-datagram-bytes " + codec.maxDatagramBytes() + " leaves no room for a table entry");
    }
  }

  /** The entries in parts, in order; no entries make one empty part (an empty table is sent too). */
  List<ClientTable> split(List<ClientEntry> entries) {
    return split(entries, List.of());
  }

  /**
   * As {@link #split(List)}, taking a part of {@code previous} (an earlier split) where it holds
   * the very same entries: its JSON is made already. Between two registrations only the last part
   * of the whole table changes, so a registrant's table costs copying bytes, not encoding them.
   */
  List<ClientTable> split(List<ClientEntry> entries, List<ClientTable> previous) {
    List<ClientTable> parts = new ArrayList<>();
    List<ClientEntry> part = new ArrayList<>();
    int size = 0;
    for (ClientEntry entry : entries) {
      // A comma before every entry but the first of a part.
      int cost = ClientEntryBytes.of(entry) + (part.isEmpty() ? 0 : 1);
      if (!part.isEmpty() && size + cost > room) {
        parts.add(reuse(part, parts.size(), previous));
        part.clear();
        cost -= 1;
        size = 0;
      }
      part.add(entry);
      size += cost;
    }
    if (!part.isEmpty() || parts.isEmpty()) {
      parts.add(reuse(part, parts.size(), previous));
    }
    return parts;
  }

  /**
   * {@code previous} (a split of a table) with {@code added} appended to that table: its parts but
   * the last as they are, since a split fills each part in order and a part closed once the next
   * entry did not fit; the last part and the added entries split again. So a table that only grew
   * is not walked whole again.
   */
  List<ClientTable> extend(List<ClientTable> previous, List<ClientEntry> added) {
    if (previous.isEmpty()) {
      return split(added);
    } else if (added.isEmpty()) {
      return previous;
    }
    ClientTable last = previous.get(previous.size() - 1);
    List<ClientEntry> tail = new ArrayList<>(last.entries().values());
    tail.addAll(added);
    List<ClientTable> parts = new ArrayList<>(previous.subList(0, previous.size() - 1));
    parts.addAll(split(tail));
    return parts;
  }

  /** The previous part at {@code index} if it holds these entries (the same objects), else new. */
  private static ClientTable reuse(List<ClientEntry> part, int index, List<ClientTable> previous) {
    if (index < previous.size() && previous.get(index).size() == part.size()) {
      ClientTable before = previous.get(index);
      int i = 0;
      boolean same = true;
      for (ClientEntry entry : before.entries().values()) {
        if (entry != part.get(i++)) {
          same = false;
          break;
        }
      }
      if (same) {
        return before;
      }
    }
    return ClientTable.of(part);
  }

  /** The bytes of one table entry on the wire: {@code "x":["x","127.0.0.1",3333,true]}. */
  static final class ClientEntryBytes {
    /** A 32-character name twice, the longest address Fields allows (45 characters and a
     * 33-character scope), a 5-digit port, false. */
    static final int MOST = 2 * 32 + (45 + 33) + 5 + 5 + 12;

    private ClientEntryBytes() {}

    static int of(ClientEntry entry) {
      int name = entry.name().length();
      return 2 * name + entry.ip().length() + Integer.toString(entry.port()).length()
          + (entry.online() ? 4 : 5) + 12;
    }
  }
}
