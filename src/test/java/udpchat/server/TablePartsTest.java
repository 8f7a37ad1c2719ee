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

  @Test
  void aTableThatOnlyGrewIsTheSameSplitWithItsEarlierPartsTakenAsTheyWere() {
    List<ClientEntry> entries = entries(1);
    List<ClientTable> split = parts.split(entries);
    for (int grown = 1; grown <= 120; grown += grown % 7 + 1) {
      List<ClientEntry> added = entries(grown + 40).subList(entries.size(), grown + 40);
      List<ClientTable> extended = parts.extend(split, added);
      entries.addAll(added);
      assertEquals(parts.split(entries), extended, "grown to " + entries.size());
      for (int i = 0; i < split.size() - 1; i++) {
        assertSame(split.get(i), extended.get(i), "part " + i + " at " + entries.size());
      }
      split = extended;
    }
    assertEquals(split, parts.extend(split, List.of()));
    assertEquals(parts.split(entries(3)), parts.extend(parts.split(List.of()), entries(3)));
  }

  @Test
  void aRegistryTellsTheNamesAddedAfterTheFirstOnesAndWhetherAnEntryChangedInPlace() {
    ClientRegistry table = new ClientRegistry();
    entries(3).forEach(table::add);
    long before = table.inPlaceChanges();
    table.add(new ClientEntry("d", "127.0.0.1", 4444, true));
    assertEquals(before, table.inPlaceChanges(), "a name added");
    assertEquals(List.of("a-long-client-name-2", "d"),
        table.after(2).stream().map(ClientEntry::name).toList());
    table.setOnline("d", false);
    assertTrue(table.inPlaceChanges() > before, "an entry changed");
    assertEquals(List.of(), table.after(4));
  }
}
