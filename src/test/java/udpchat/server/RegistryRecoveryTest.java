package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static udpchat.server.RegistryFixture.X;
import static udpchat.server.RegistryFixture.Y;
import static udpchat.server.RegistryFixture.Z;
import static udpchat.server.RegistryFixture.assertUpdate;
import static udpchat.server.RegistryFixture.entries;
import static udpchat.server.RegistryFixture.offline;
import static udpchat.server.RegistryFixture.online;
import static udpchat.testing.StoredEntries.assertEntries;

import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import udpchat.config.ChatSettings;
import udpchat.protocol.NamePort;
import udpchat.protocol.Packet.Dereg;
import udpchat.protocol.Packet.Freg;
import udpchat.protocol.Packet.GroupChat;
import udpchat.protocol.Packet.NoReg;
import udpchat.protocol.Packet.OfflineMessages;
import udpchat.protocol.Packet.Receipt;
import udpchat.protocol.Packet.Reg;
import udpchat.protocol.Packet.StatusCheck;
import udpchat.protocol.Packet.StatusConfirm;
import udpchat.protocol.Packet.ToOffline;
import udpchat.protocol.StoredMessage;

/**
 * A server restarted on the same journal: it has every name, session and stored message it had;
 * it answers a request only once the request's events are written; and the clients it had online
 * count as online until they fail a status check.
 */
class RegistryRecoveryTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load()));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final PersistenceTestKit journalKit = PersistenceTestKit.create(testKit.system());
  private static final ChatSettings SETTINGS = ChatSettings.defaults();

  private static final String XY_ONLINE =
      "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True)}";
  private static final String Y_OFFLINE =
      "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, False)}";

  private final RegistryJournal journal = RegistryJournal.fresh();
  private RegistryFixture server;

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @AfterEach
  void stopServer() {
    journalKit.resetPolicy();
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void aRestartedServerHasEveryNameSessionAndStoredMessage() {
    RegistryFixture before = start();
    before.register("x", X);
    before.register("y", Y, X);
    dereg(before, "y", Y, Y_OFFLINE, 3, X);
    toOfflineStored(before, "x", X, "y", "23:31:00", "one");
    toOfflineStored(before, "x", X, "y", "23:31:05", "two");
    RegistrySnapshot saved = before.inspect();

    RegistryFixture after = restart(before);
    answerStatusCheck(after, "x", X);
    after.expectNothingMore(); // x answered: no change, nothing printed
    assertEquals(saved.table(), after.inspect().table());
    assertEquals(saved.mailboxes(), after.inspect().mailboxes());

    // y comes back with the session it had before the restart, and gets its mail.
    long reg = after.nextId();
    after.deliver(new Reg(reg, "y", after.token("y")), Y);
    after.expectAck(Y, reg);
    after.expectTablePrinted(XY_ONLINE);
    // The table's version survived too: y's coming back is change 4, after the 3 before.
    Interleaved back = after.expectInterleaved(2, 1);
    assertUpdate(back.update(0, X), 4, 3, entries(online("y", Y)), after.token("x"));
    assertUpdate(back.update(1, Y), 4, 3, entries(online("y", Y)), after.token("y"));
    OfflineMessages mail = back.take(OfflineMessages.class, Y);
    assertEntries(
        List.of(StoredMessage.direct("x", "23:31:00", "one"),
            StoredMessage.direct("x", "23:31:05", "two")),
        mail.offlineMessages());
    after.ack(mail, "y", Y);
    assertEquals("23:31:00", after.expectSent(Receipt.class, X).timestamp());
    assertEquals("23:31:05", after.expectSent(Receipt.class, X).timestamp());
  }

  @Test
  void theIdAStoredMessageMayHaveBeenShownAsSurvivesARestart() {
    RegistryFixture before = start();
    before.register("x", X);
    before.register("y", Y, X);
    dereg(before, "y", Y, Y_OFFLINE, 3, X);
    long id = before.nextId();
    before.deliver(new ToOffline(id, "x", "y", "23:31:00", "hi", before.token("x"), 42L), X);
    before.expectAck(X, id);

    RegistryFixture after = restart(before);
    answerStatusCheck(after, "x", X);
    assertEquals(
        List.of(StoredMessage.direct("x", "23:31:00", "hi").shownAs(42)),
        after.inspect().mailboxes().get("y"));
  }

  @Test
  void aRequestStoredBeforeACrashIsStoredOnceWhenRetriedToTheRestartedServer() {
    RegistryFixture before = start();
    before.register("x", X);
    before.register("y", Y, X);
    dereg(before, "y", Y, Y_OFFLINE, 3, X);
    ToOffline direct = new ToOffline(before.nextId(), "x", "y", "23:31:00", "once", before.token("x"));
    before.deliver(direct, X);
    before.expectAck(X, direct.id());
    GroupChat group = new GroupChat(before.nextId(), "x", "once to all", before.token("x"));
    before.deliver(group, X);
    before.expectAck(X, group.id());

    // Both were written; x never saw their ACKs (the server died first), so it tries again.
    RegistryFixture after = restart(before);
    answerStatusCheck(after, "x", X);
    after.deliver(direct, X);
    after.expectAck(X, direct.id());
    after.deliver(group, X);
    after.expectAck(X, group.id());
    after.expectNothingMore();
    assertEntries(
        List.of(StoredMessage.direct("x", "23:31:00", "once"),
            StoredMessage.group("x", "23:30:00", "once to all")),
        after.inspect().mailboxes().get("y"));
  }

  @Test
  void aToOfflineIsOneWriteInItsRecipientsJournalNoneInItsSenders() {
    RegistryFixture before = start();
    before.register("x", X);
    before.register("y", Y, X);
    dereg(before, "y", Y, Y_OFFLINE, 3, X);
    List<Object> sendersBefore = journalKit.persistedInStorage(journal.clientId("x").id());
    long id = before.nextId();
    toOfflineStored(before, "x", X, id, "y", "23:31:00", "one write");

    assertEquals(sendersBefore, journalKit.persistedInStorage(journal.clientId("x").id()));
    List<Object> recipients = journalKit.persistedInStorage(journal.clientId("y").id());
    assertEquals(new ClientEvent.MessageStored(
            StoredMessage.direct("x", "23:31:00", "one write").shownAs(id),
            new ClientEvent.SenderRequest("x", id)),
        recipients.get(recipients.size() - 1));
  }

  @Test
  void aToOfflineRetriedAfterARestartOnceItsRecipientCollectedItIsAckedNotStoredAgain() {
    RegistryFixture before = start();
    before.register("x", X);
    before.register("y", Y, X);
    dereg(before, "y", Y, Y_OFFLINE, 3, X);
    ToOffline direct =
        new ToOffline(before.nextId(), "x", "y", "23:31:00", "once", before.token("x"));
    before.deliver(direct, X);
    before.expectAck(X, direct.id());

    // The server dies before x hears the ACK; y comes back and collects the message first.
    RegistryFixture after = restart(before);
    answerStatusCheck(after, "x", X);
    long reg = after.nextId();
    after.deliver(new Reg(reg, "y", after.token("y")), Y);
    after.expectAck(Y, reg);
    after.expectTablePrinted(XY_ONLINE);
    Interleaved back = after.expectInterleaved(2, 1);
    OfflineMessages mail = back.take(OfflineMessages.class, Y);
    after.ack(mail, "y", Y);
    after.ack(after.expectSent(Receipt.class, X), "x", X);

    // x's retry: ACKed as stored, not told that y exists (no status check), not stored again.
    after.deliver(direct, X);
    after.expectAck(X, direct.id());
    after.expectNothingMore();
    assertEquals(List.of(), after.inspect().mailboxes().getOrDefault("y", List.of()));
  }

  @Test
  void aNameCannotBeTakenAfterARestart() {
    RegistryFixture before = start();
    before.register("x", X);
    RegistryFixture after = restart(before);
    answerStatusCheck(after, "x", X);
    long id = after.nextId();
    after.deliver(new Freg(id, new NamePort("x", Z.getPort())), Z);
    assertEquals(id, after.expectSent(NoReg.class, Z).id());
    after.expectNothingMore();
  }

  @Test
  void aClientOnlineBeforeTheRestartThatDoesNotAnswerIsMarkedOfflineOnce() {
    RegistryFixture before = start();
    before.register("x", X);
    before.register("y", Y, X);
    before.register("z", Z, X, Y);

    RegistryFixture after = restart(before);
    StatusCheck toX = after.expectSent(StatusCheck.class, X);
    StatusCheck toY = after.expectSent(StatusCheck.class, Y);
    StatusCheck toZ = after.expectSent(StatusCheck.class, Z);
    after.deliver(new StatusConfirm(toX.id(), "x", after.token("x")), X);
    // Retried like a request; y and z stay online meanwhile. z answers the third copy, y none.
    after.timeout();
    assertEquals(toY.id(), after.expectSent(StatusCheck.class, Y).id());
    assertEquals(toZ.id(), after.expectSent(StatusCheck.class, Z).id());
    after.timeout();
    assertEquals(toY.id(), after.expectSent(StatusCheck.class, Y).id());
    assertEquals(toZ.id(), after.expectSent(StatusCheck.class, Z).id());
    after.deliver(new StatusConfirm(toZ.id(), "z", after.token("z")), Z);
    for (int attempt = 4; attempt <= SETTINGS.requestAttempts(); attempt++) {
      after.timeout();
      assertEquals(toY.id(), after.expectSent(StatusCheck.class, Y).id());
    }
    after.timeout();
    String yGone = "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, False),"
        + " 'z': ('z', '127.0.0.1', 1122, True)}";
    after.expectTablePrinted(yGone);
    // In table order: x, y (only silent: it is told too, and would say it is alive), z.
    after.expectTableUpdate(X, 4, 3, entries(offline("y", Y)));
    after.expectTableUpdate(Y, 4, 3, entries(offline("y", Y)));
    after.expectTableUpdate(Z, 4, 3, entries(offline("y", Y)));
    after.expectNothingMore();
  }

  @Test
  void aStoredMessageIsAcknowledgedOnlyOnceItIsWritten() {
    RegistryFixture before = start();
    before.register("x", X);
    before.register("y", Y, X);
    dereg(before, "y", Y, Y_OFFLINE, 3, X);
    journalKit.failNextPersisted();
    long id = before.nextId();
    before.deliver(new ToOffline(id, "x", "y", "23:31:00", "lost?", before.token("x")), X);
    // The journal failed: no ACK, so x's client retries, and then reports the server as gone.
    before.expectNothingSent();
    server = null; // the registry stopped itself
  }

  @Test
  void recoveryStartsFromTheLatestSnapshot() {
    RegistryJournal often = new RegistryJournal(journal.prefix(), 3);
    RegistryFixture before = start(often);
    before.register("x", X);
    before.register("y", Y, X);
    dereg(before, "y", Y, Y_OFFLINE, 3, X);
    for (int i = 0; i < 7; i++) {
      toOfflineStored(before, "x", X, "y", "23:31:0" + i, "message " + i);
    }
    long group = before.nextId();
    before.deliver(new GroupChat(group, "x", "to all", before.token("x")), X);
    before.expectAck(X, group);
    RegistrySnapshot saved = before.inspect();
    // Snapshots were taken, and the events before them deleted: recovery needs the snapshot.
    assertFalse(SnapshotTestKit.create(testKit.system())
        .persistedInStorage(journal.directoryId().id()).isEmpty());

    RegistryFixture after = restart(before, often);
    answerStatusCheck(after, "x", X);
    RegistrySnapshot recovered = after.inspect();
    assertEquals(saved.table(), recovered.table());
    assertEquals(saved.mailboxes(), recovered.mailboxes());
    assertEquals(saved.sessions(), recovered.sessions());
  }

  // ---- Helpers --------------------------------------------------------------------------------

  private RegistryFixture start() {
    return start(journal);
  }

  private RegistryFixture start(RegistryJournal on) {
    server = new RegistryFixture(testKit, manualTime, SETTINGS, on);
    return server;
  }

  private RegistryFixture restart(RegistryFixture before) {
    return restart(before, journal);
  }

  /** Stops the server and starts a new one on the same journal; the clients keep their tokens. */
  private RegistryFixture restart(RegistryFixture before, RegistryJournal on) {
    before.stop();
    RegistryFixture after = start(on);
    after.rememberAll(before);
    return after;
  }

  private static void answerStatusCheck(RegistryFixture server, String name, InetSocketAddress at) {
    StatusCheck check = server.expectSent(StatusCheck.class, at);
    assertEquals(server.token(name), check.token(), "the session survived the restart");
    server.deliver(new StatusConfirm(check.id(), name, server.token(name)), at);
  }

  /** dereg: printed and ACKed; then the others told, in one update from {@code version - 1}. */
  private static void dereg(RegistryFixture server, String name, InetSocketAddress from,
      String table, long version, InetSocketAddress... others) {
    long id = server.nextId();
    server.deliver(new Dereg(id, name, server.token(name)), from);
    server.expectTablePrinted(table);
    server.expectAck(from, id);
    for (InetSocketAddress other : others) {
      server.expectTableUpdate(other, version, version - 1, entries(offline(name, from)));
    }
  }

  private static void toOfflineStored(RegistryFixture server, String from, InetSocketAddress source,
      String to, String time, String text) {
    toOfflineStored(server, from, source, server.nextId(), to, time, text);
  }

  private static void toOfflineStored(RegistryFixture server, String from, InetSocketAddress source,
      long id, String to, String time, String text) {
    server.deliver(new ToOffline(id, from, to, time, text, server.token(from)), source);
    server.expectAck(source, id);
  }
}
