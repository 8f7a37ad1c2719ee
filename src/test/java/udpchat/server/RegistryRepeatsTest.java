package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static udpchat.server.RegistryFixture.X;
import static udpchat.server.RegistryFixture.Y;
import static udpchat.server.RegistryFixture.assertUpdate;
import static udpchat.server.RegistryFixture.entries;
import static udpchat.server.RegistryFixture.offline;
import static udpchat.server.RegistryFixture.online;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import udpchat.config.ChatSettings;
import udpchat.protocol.Packet.Ack;
import udpchat.protocol.Packet.Dereg;
import udpchat.protocol.Packet.GroupChat;
import udpchat.protocol.Packet.OfflineMessages;
import udpchat.protocol.Packet.Receipt;
import udpchat.protocol.Packet.Reg;
import udpchat.protocol.Packet.StatusCheck;
import udpchat.protocol.Packet.ToOffline;
import udpchat.protocol.StoredMessage;

/**
 * Exactly once (issue 5.2): a retransmission or duplicate is answered again but never acted on,
 * stored or fanned out twice.
 */
class RegistryRepeatsTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load()));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final String Y_OFFLINE =
      "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, False)}";
  private static final String Y_WENT = entries(offline("y", Y));

  private RegistryFixture server;

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void start() {
    server = new RegistryFixture(testKit, manualTime, ChatSettings.defaults());
    server.register("x", X);
    server.register("y", Y, X);
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void aRepeatedDeregIsAckedAgainAndTheTableChangesOnce() {
    Dereg dereg = new Dereg(server.nextId(), "y", server.token("y"));
    server.deliver(dereg, Y);
    server.expectTablePrinted(Y_OFFLINE);
    server.expectAck(Y, dereg.id());
    server.expectTableUpdate(X, 3, 2, Y_WENT);
    server.deliver(dereg, Y);
    server.expectAck(Y, dereg.id());
    server.expectNothingMore();
  }

  @Test
  void aToOfflineRetriedAfterTheStatusCheckStoredItIsStoredOnce() {
    ToOffline message =
        new ToOffline(server.nextId(), "x", "y", "23:45:00", "once", server.token("x"));
    server.deliver(message, X);
    server.expectSent(StatusCheck.class, Y);
    server.timeout(); // y is gone: stored, acked
    server.expectTablePrinted(Y_OFFLINE);
    server.expectAck(X, message.id());
    Interleaved sent = server.expectInterleaved(2, 1); // y too: it is only silent
    assertUpdate(sent.updateTo(X), 3, 2, Y_WENT, server.token("x"));
    assertUpdate(sent.updateTo(Y), 3, 2, Y_WENT, server.token("y"));
    server.expectMailboxOfferedInVain(sent.take(OfflineMessages.class, Y), Y);
    server.deliver(message, X); // that ack was lost
    server.expectAck(X, message.id());
    server.expectNothingMore();
    // No msg was tried first: the to_offline's own id names the entry for y.
    assertEquals(
        List.of(StoredMessage.direct("x", "23:45:00", "once").shownAs(message.id())),
        server.inspect().mailboxes().get("y"));
  }

  @Test
  void aStoredDirectMessageKeepsTheIdOfTheMsgTriedFirst() {
    yGoesOffline();
    ToOffline message =
        new ToOffline(server.nextId(), "x", "y", "23:45:00", "shown?", server.token("x"), 77L);
    server.deliver(message, X);
    server.expectAck(X, message.id());
    // y may have shown msg 77 with only its ACK lost: it skips the copy if so.
    assertEquals(
        List.of(StoredMessage.direct("x", "23:45:00", "shown?").shownAs(77)),
        server.inspect().mailboxes().get("y"));
  }

  @Test
  void entriesNoPacketHasCarriedYetGetIdsOfTheirOwn() {
    yGoesOffline();
    ToOffline direct =
        new ToOffline(server.nextId(), "x", "y", "23:45:00", "straight in", server.token("x"));
    server.deliver(direct, X);
    server.expectAck(X, direct.id());
    for (String text : List.of("one", "two")) {
      GroupChat group = new GroupChat(server.nextId(), "x", text, server.token("x"));
      server.deliver(group, X);
      server.expectAck(X, group.id());
    }
    // y remembers each entry by its id once shown, so a mailbox offered again (every ACK of the
    // last offer lost) is not shown twice: each entry needs an id, and one of its own.
    List<StoredMessage> stored = server.inspect().mailboxes().get("y");
    assertEquals(direct.id(), stored.get(0).id());
    assertNotNull(stored.get(1).id());
    assertNotNull(stored.get(2).id());
    assertNotEquals(stored.get(1).id(), stored.get(2).id());
  }

  private void yGoesOffline() {
    server.deliver(new Dereg(server.nextId(), "y", server.token("y")), Y);
    server.expectTablePrinted(Y_OFFLINE);
    server.expectSent(Ack.class, Y);
    server.expectTableUpdate(X, 3, 2, Y_WENT);
  }

  @Test
  void aGroupMessageStoredForASilentRecipientKeepsTheIdItWasSentUnder() {
    GroupChat message = new GroupChat(server.nextId(), "x", "hello", server.token("x"));
    server.deliver(message, X);
    server.expectAck(X, message.id());
    GroupChat toY = server.expectSent(GroupChat.class, Y);
    server.timeout(); // y may have shown it, with only its ACK lost
    server.expectTablePrinted(Y_OFFLINE);
    assertEquals(
        List.of(StoredMessage.group("x", "23:30:00", "hello").shownAs(toY.id())),
        server.inspect().mailboxes().get("y"));
  }

  @Test
  void aGroupMessageRepeatedAfterItsRoundIsAckedButNotFannedOutAgain() {
    GroupChat message = new GroupChat(server.nextId(), "x", "hello", server.token("x"));
    server.deliver(message, X);
    server.expectAck(X, message.id());
    server.ack(server.expectSent(GroupChat.class, Y), "y", Y);
    server.expectNothingSent();
    server.deliver(message, X);
    server.expectAck(X, message.id());
    server.expectNothingMore();
  }

  @Test
  void aDuplicatedAckOfTheMailboxSendsTheReceiptOnce() {
    Dereg dereg = new Dereg(server.nextId(), "y", server.token("y"));
    server.deliver(dereg, Y);
    server.console.nextLine();
    server.console.nextLine();
    server.expectAck(Y, dereg.id());
    server.expectTableUpdate(X, 3, 2, Y_WENT);
    ToOffline message =
        new ToOffline(server.nextId(), "x", "y", "23:45:00", "later", server.token("x"));
    server.deliver(message, X);
    server.expectAck(X, message.id());

    Reg reg = new Reg(server.nextId(), "y", server.token("y"));
    server.deliver(reg, Y);
    server.expectAck(Y, reg.id());
    server.console.nextLine();
    server.console.nextLine();
    Interleaved back = server.expectInterleaved(2, 1);
    assertUpdate(back.update(0, X), 4, 3, entries(online("y", Y)), server.token("x"));
    assertUpdate(back.update(1, Y), 4, 3, entries(online("y", Y)), server.token("y"));
    OfflineMessages mail = back.take(OfflineMessages.class, Y);
    Ack ack = new Ack(mail.id(), "y", server.token("y"));
    server.deliver(ack, Y);
    server.deliver(ack, Y);
    server.ack(server.expectSent(Receipt.class, X), "x", X);
    server.deliver(reg, Y); // and the reg itself, late: acked, nothing sent again
    server.expectAck(Y, reg.id());
    server.expectNothingMore();
  }
}
