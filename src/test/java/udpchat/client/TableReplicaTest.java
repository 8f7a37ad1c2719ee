package udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import udpchat.client.TableReplica.Next;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;
import udpchat.protocol.Packet.ConfReg;
import udpchat.protocol.Packet.TableUpdate;

class TableReplicaTest {
  private static final String TOKEN = "AZaz09_-AZaz09_-AZaz09";
  private static final int ATTEMPTS = 3;

  private final TableReplica replica = new TableReplica(ATTEMPTS);

  private static ClientEntry on(String name, int port) {
    return new ClientEntry(name, "127.0.0.1", 4000 + port, true);
  }

  private static ClientEntry off(String name, int port) {
    return new ClientEntry(name, "127.0.0.1", 4000 + port, false);
  }

  private static ClientTable table(ClientEntry... entries) {
    return ClientTable.of(List.of(entries));
  }

  private static TableUpdate update(long version, long base, int part, int parts, ClientEntry... e) {
    return new TableUpdate(version, base, part, parts, table(e), TOKEN);
  }

  private List<String> names() {
    return replica.entries().stream().map(e -> e.name() + (e.online() ? "+" : "-")).toList();
  }

  @Test
  void aWholeTableInConfRegIsTheTableAtOnce() {
    assertEquals(Next.NOTHING, replica.confirmed(new ConfReg(1, 2, 1, table(on("x", 1), on("y", 2)), TOKEN)));
    assertEquals(List.of("x+", "y+"), names());
    assertEquals(2, replica.version());
  }

  @Test
  void aTableInPartsIsTakenWhenTheLastPartComesWhateverTheOrder() {
    assertEquals(Next.START_TIMER, replica.confirmed(new ConfReg(1, 5, 3, table(on("a", 1)), TOKEN)));
    assertEquals(List.of(), names());
    assertEquals(Next.NOTHING, replica.take(update(5, 0, 3, 3, on("c", 3))));
    assertEquals(Next.NOTHING, replica.take(update(5, 0, 2, 3, on("b", 2))));
    assertEquals(List.of("a+", "b+", "c+"), names());
    assertEquals(5, replica.version());
    assertFalse(replica.timedOut(), "nothing is missing");
  }

  @Test
  void changesReplaceRowsInPlaceAndNewNamesGoLast() {
    replica.confirmed(new ConfReg(1, 2, 1, table(on("x", 1), on("y", 2)), TOKEN));
    replica.take(update(4, 2, 1, 1, off("x", 1), on("z", 3)));
    assertEquals(List.of("x-", "y+", "z+"), names());
    assertEquals(4, replica.version());
  }

  @Test
  void anUpdateThatOverlapsWhatIsHeldStillApplies() {
    replica.confirmed(new ConfReg(1, 3, 1, table(on("x", 1), on("y", 2)), TOKEN));
    replica.take(update(4, 2, 1, 1, on("y", 2), off("x", 1)));
    assertEquals(List.of("x-", "y+"), names());
  }

  @Test
  void anOldOrRepeatedUpdateIsIgnored() {
    replica.confirmed(new ConfReg(1, 4, 1, table(on("x", 1)), TOKEN));
    assertEquals(Next.NOTHING, replica.take(update(3, 2, 1, 1, off("x", 1))));
    assertEquals(Next.NOTHING, replica.take(update(4, 3, 1, 1, off("x", 1))));
    assertEquals(List.of("x+"), names());
  }

  @Test
  void aMissedUpdateMeansAskingOnceUntilTheTimerAsksAgainAFewTimes() {
    replica.confirmed(new ConfReg(1, 2, 1, table(on("x", 1)), TOKEN));
    assertEquals(Next.ASK_NOW, replica.take(update(5, 4, 1, 1, on("y", 2))));
    assertEquals(Next.NOTHING, replica.take(update(6, 5, 1, 1, off("y", 2))), "asked already");
    assertEquals(List.of("x+"), names());
    assertTrue(replica.timedOut());
    assertTrue(replica.timedOut());
    assertFalse(replica.timedOut(), "three asks in all");
    assertFalse(replica.timedOut());
    // The next gap is asked about again.
    assertEquals(Next.ASK_NOW, replica.take(update(8, 7, 1, 1, on("z", 3))));
  }

  @Test
  void theAnswerToAnAskBringsTheReplicaUpToDate() {
    replica.confirmed(new ConfReg(1, 2, 1, table(on("x", 1)), TOKEN));
    replica.take(update(5, 4, 1, 1, on("y", 2)));
    assertEquals(Next.START_TIMER, replica.take(update(5, 2, 1, 2, off("x", 1))));
    replica.take(update(5, 2, 2, 2, on("y", 2)));
    assertEquals(List.of("x-", "y+"), names());
    assertEquals(5, replica.version());
    assertFalse(replica.timedOut());
  }

  /**
   * In a cluster the server asked may lag behind the one whose update showed the gap: its answer
   * is taken, and the timer asks again for what it did not have yet.
   */
  @Test
  void anAnswerThatStopsShortOfTheNewestUpdateSeenIsAskedAgain() {
    replica.confirmed(new ConfReg(1, 6, 1, table(on("x", 1), on("y", 2)), TOKEN));
    assertEquals(Next.ASK_NOW, replica.take(update(8, 7, 1, 1, on("y", 2))));
    assertEquals(Next.NOTHING, replica.take(update(7, 6, 1, 1, off("y", 2))), "timer running");
    assertEquals(List.of("x+", "y-"), names());
    assertTrue(replica.timedOut(), "version 8 was seen: ask again");
    replica.take(update(8, 7, 1, 1, on("y", 2)));
    assertEquals(List.of("x+", "y+"), names());
    assertFalse(replica.timedOut());
  }

  @Test
  void missingPartsAreAskedForWhenTheTimerFires() {
    replica.confirmed(new ConfReg(1, 7, 2, table(on("a", 1)), TOKEN));
    assertTrue(replica.timedOut(), "part 2 never came");
    // The server answers from version 0: the whole table again, at its current version.
    replica.take(update(8, 0, 1, 1, on("a", 1), on("b", 2), on("c", 3)));
    assertEquals(List.of("a+", "b+", "c+"), names());
    assertFalse(replica.timedOut());
  }

  @Test
  void anEntrySentWithExistsIsMergedIntoTheTable() {
    replica.confirmed(new ConfReg(1, 2, 1, table(on("x", 1), off("y", 2)), TOKEN));
    replica.merge(table(on("y", 2)));
    assertEquals(List.of("x+", "y+"), names());
    assertEquals(2, replica.version(), "not an update: the version stays");
  }
}
