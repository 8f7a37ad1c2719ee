package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;
import udpchat.protocol.Packet.ConfReg;
import udpchat.protocol.Packet.TableUpdate;
import udpchat.protocol.PacketCodec;

class TablePartsTest {
  private static final PacketCodec CODEC = new PacketCodec(1024);
  private static final String TOKEN = "AZaz09_-AZaz09_-AZaz09";
  private final TableParts parts = new TableParts(CODEC);

  private static List<ClientEntry> entries(int count) {
    List<ClientEntry> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      entries.add(new ClientEntry("a-long-client-name-" + i, "127.0.0.1", 10_000 + i, i % 3 > 0));
    }
    return entries;
  }

  @Test
  void everyPartFitsInADatagramAndThePartsAreTheEntriesInOrder() {
    List<ClientEntry> entries = entries(200);
    List<ClientTable> split = parts.split(entries);
    assertTrue(split.size() > 5, split.size() + " parts");
    List<ClientEntry> joined = new ArrayList<>();
    for (int i = 0; i < split.size(); i++) {
      ClientTable part = split.get(i);
      joined.addAll(part.entries().values());
      int confReg = CODEC.encode(
          new ConfReg(Long.MAX_VALUE, Long.MAX_VALUE, split.size(), part, TOKEN)).length;
      int update = CODEC.encode(new TableUpdate(
          Long.MAX_VALUE, Long.MAX_VALUE, i + 1, split.size(), part, TOKEN)).length;
      assertTrue(confReg <= 1024 && update <= 1024, "part " + i + ": " + confReg + "/" + update);
    }
    assertEquals(entries, joined);
  }

  @Test
  void noEntriesAreOneEmptyPart() {
    assertEquals(List.of(ClientTable.EMPTY), parts.split(List.of()));
  }

  @Test
  void aPartWithTheSameEntriesIsTakenFromTheEarlierSplit() {
    List<ClientEntry> entries = entries(100);
    List<ClientTable> before = parts.split(entries);
    entries.add(new ClientEntry("newcomer", "127.0.0.1", 9999, true));
    entries.set(0, entries.get(0).withOnline(!entries.get(0).online()));
    List<ClientTable> after = parts.split(entries, before);
    assertNotSame(before.get(0), after.get(0), "a changed entry");
    for (int i = 1; i < before.size() - 1; i++) {
      assertSame(before.get(i), after.get(i), "part " + i);
    }
    assertEquals(parts.split(entries), after, "the same parts as a split from scratch");
  }
}
