package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static udpchat.server.RegistryFixture.X;
import static udpchat.server.RegistryFixture.Y;
import static udpchat.server.RegistryFixture.assertUpdate;
import static udpchat.server.RegistryFixture.entries;
import static udpchat.server.RegistryFixture.offline;
import static udpchat.server.RegistryFixture.online;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import udpchat.config.ChatSettings;
import udpchat.protocol.NamePort;
import udpchat.protocol.Packet;
import udpchat.protocol.Packet.Ack;
import udpchat.protocol.Packet.ConfReg;
import udpchat.protocol.Packet.Dereg;
import udpchat.protocol.Packet.Freg;
import udpchat.protocol.Packet.GroupChat;
import udpchat.protocol.Packet.OfflineMessages;
import udpchat.protocol.Packet.Receipt;
import udpchat.protocol.Packet.Reg;
import udpchat.protocol.Packet.StatusCheck;
import udpchat.protocol.Packet.ToOffline;
import udpchat.protocol.StoredMessage;
import udpchat.transport.Transport;

/**
 * A client that misses one ACK (a group message, a receipt) or a status check is marked offline,
 * but it may be alive, with only that datagram or its answer lost. It still believes itself online
 * and would never send reg, so the server offers it its mailbox at once, retried as after reg: if
 * it ACKs, it is online again; if not, it is gone and the mailbox is kept.
 */
class RegistryPresumedGoneTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load()));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final ChatSettings SETTINGS = ChatSettings.defaults();
  private static final String BOTH_ONLINE =
      "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True)}";
  private static final String Y_OFFLINE =
      "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, False)}";
  /** What x and y are told when y goes offline or comes back. */
  private static final String Y_WENT = entries(offline("y", Y));
  private static final String Y_CAME = entries(online("y", Y));

  private RegistryFixture server;

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void start() {
    server = new RegistryFixture(testKit, manualTime, SETTINGS);
    server.register("x", X);
    server.register("y", Y, X);
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void aGroupRecipientThatOnlyLostItsAckGetsTheMailboxAndIsOnlineAgain() {
    Silent silent = groupMessageYDoesNotAck("hello");
    assertEquals(
        List.of(StoredMessage.group("x", "23:30:00", "hello").shownAs(silent.toY().id())),
        silent.offer().offlineMessages());

    server.ack(silent.offer(), "y", Y);
    server.expectTablePrinted(BOTH_ONLINE);
    server.expectTableUpdate(X, 4, 3, Y_CAME);
    server.expectTableUpdate(Y, 4, 3, Y_CAME);
    server.expectNothingMore();
    assertNull(server.inspect().mailboxes().get("y"));
  }

  @Test
  void aClientFoundSilentByAStatusCheckGetsTheMessageAndItsSenderTheReceipt() {
    ToOffline message =
        new ToOffline(server.nextId(), "x", "y", "23:45:00", "there?", server.token("x"), 77L);
    server.deliver(message, X);
    server.expectSent(StatusCheck.class, Y);
    server.timeout(); // the check or its answer was lost
    server.expectTablePrinted(Y_OFFLINE);
    server.expectAck(X, message.id());
    // Then x (and y, only silent) is told y is offline while y is offered its mailbox.
    Interleaved gone = server.expectInterleaved(2, 1);
    assertUpdate(gone.updateTo(X), 3, 2, Y_WENT, server.token("x"));
    assertUpdate(gone.updateTo(Y), 3, 2, Y_WENT, server.token("y"));
    OfflineMessages offer = gone.take(OfflineMessages.class, Y);
    assertEquals(
        List.of(StoredMessage.direct("x", "23:45:00", "there?").shownAs(77)),
        offer.offlineMessages());

    server.ack(offer, "y", Y);
    server.expectTablePrinted(BOTH_ONLINE);
    // y is back: x and y are told, while x's receipt goes out from its own round.
    Interleaved back = server.expectInterleaved(2, 1);
    assertUpdate(back.updateTo(X), 4, 3, Y_CAME, server.token("x"));
    assertUpdate(back.updateTo(Y), 4, 3, Y_CAME, server.token("y"));
    Receipt receipt = back.take(Receipt.class, X);
    assertEquals("y", receipt.name());
    server.ack(receipt, "x", X);
    server.expectNothingMore();
  }

  @Test
  void aClientThatDeregsBeforeItAcksTheOfferStaysOffline() {
    OfflineMessages offer = groupMessageYDoesNotAck("hello").offer();
    Dereg dereg = new Dereg(server.nextId(), "y", server.token("y"));
    server.deliver(dereg, Y);
    server.expectAck(Y, dereg.id()); // already offline: nothing to print

    server.ack(offer, "y", Y); // shown while offline, which a client accepts
    server.expectNothingMore();
    assertEquals(false, server.inspect().table().get("y").orElseThrow().online());
    assertNull(server.inspect().mailboxes().get("y"));
  }

  @Test
  void aClientThatIsGoneIsOfferedTheMailboxLikeAfterRegAndTheMailboxIsKept() {
    server.expectMailboxOfferedInVain(groupMessageYDoesNotAck("anyone?").offer(), Y);
    server.expectNothingMore(); // already offline: the table does not change again
    assertEquals(1, server.inspect().mailboxes().get("y").size());
  }

  @Test
  void aGoneClientsLateAckIsProofOfLifeItIsOnlineAgainAndGetsItsMailbox() {
    Silent silent = groupMessageYDoesNotAck("still there?");
    server.expectMailboxOfferedInVain(silent.offer(), Y);
    server.expectNothingMore();

    server.ack(silent.toY(), "y", Y); // the ACK of the group message, long after its round
    server.expectTablePrinted(BOTH_ONLINE);
    OfflineMessages mailbox = null;
    int updates = 0;
    for (Transport.Send send : sentMeanwhile()) {
      if (send.packet() instanceof OfflineMessages offer && send.to().equals(Y)) {
        mailbox = offer;
      } else if (send.packet() instanceof Packet.TableUpdate) {
        updates++;
      }
    }
    assertEquals(2, updates, "x and y are told y is back");
    assertTrue(mailbox != null, "y is sent what was kept for it");
    assertEquals(
        List.of(StoredMessage.group("x", "23:30:00", "still there?").shownAs(silent.toY().id())),
        mailbox.offlineMessages());
    server.ack(mailbox, "y", Y);
    server.expectNothingMore();
    assertNull(server.inspect().mailboxes().get("y"));
  }

  @Test
  void aGoneClientsTableSyncIsProofOfLifeAndItsAnswerShowsItOnline() {
    server.expectMailboxOfferedInVain(groupMessageYDoesNotAck("anyone?").offer(), Y);
    server.expectNothingMore();

    server.deliver(new Packet.TableSync("y", 2, server.token("y")), Y);
    server.expectTablePrinted(BOTH_ONLINE);
    assertEquals(true, server.inspect().table().get("y").orElseThrow().online());
    boolean offered = false;
    for (Transport.Send send : sentMeanwhile()) {
      offered |= send.packet() instanceof OfflineMessages && send.to().equals(Y);
    }
    assertTrue(offered, "y is sent what was kept for it");
  }

  @Test
  void aClientThatDeregisteredIsNotBroughtBackByALateAck() {
    Silent silent = groupMessageYDoesNotAck("hello");
    server.expectMailboxOfferedInVain(silent.offer(), Y);
    Dereg dereg = new Dereg(server.nextId(), "y", server.token("y"));
    server.deliver(dereg, Y);
    server.expectAck(Y, dereg.id());

    server.ack(silent.toY(), "y", Y);
    server.expectNothingMore();
    assertEquals(false, server.inspect().table().get("y").orElseThrow().online());
  }

  @Test
  void aMessageKeptBecauseAnOldProcessWasSilentGoesToTheNewOneAtOnce() {
    Packet.Request toY = groupMessageTo("to the old process");
    server.ack(restartY(), "y", Y); // y's new process is online; the old one never ACKs
    server.timeout();
    OfflineMessages offer = server.expectSent(OfflineMessages.class, Y);
    assertEquals(
        List.of(StoredMessage.group("x", "23:30:00", "to the old process").shownAs(toY.id())),
        offer.offlineMessages());
    assertEquals(server.token("y"), offer.token());
    server.ack(offer, "y", Y);
    server.expectNothingMore();
  }

  @Test
  void theEndOfAnOldProcesssMailboxDeliveryDoesNotKeepTheNewOneOffline() {
    // y deregs, x leaves it a message, y comes back: its mailbox goes out, but y dies unACKed.
    server.deliver(new Dereg(server.nextId(), "y", server.token("y")), Y);
    server.expectTablePrinted(Y_OFFLINE);
    server.expectSent(Ack.class, Y);
    server.expectTableUpdate(X, 3, 2, Y_WENT);
    ToOffline stored =
        new ToOffline(server.nextId(), "x", "y", "23:45:00", "later", server.token("x"));
    server.deliver(stored, X);
    server.expectAck(X, stored.id());
    Reg reg = new Reg(server.nextId(), "y", server.token("y"));
    server.deliver(reg, Y);
    server.expectAck(Y, reg.id());
    server.expectTablePrinted(BOTH_ONLINE);
    Interleaved back = server.expectInterleaved(2, 1);
    assertUpdate(back.updateTo(X), 4, 3, Y_CAME, server.token("x"));
    assertUpdate(back.updateTo(Y), 4, 3, Y_CAME, server.token("y"));
    OfflineMessages toOldProcess = back.take(OfflineMessages.class, Y);

    // The new process gets the mailbox and ACKs it; then it misses a group message's ACK.
    OfflineMessages toNewProcess = restartY();
    assertNotEquals(toOldProcess.id(), toNewProcess.id());
    server.ack(toNewProcess, "y", Y);
    server.ack(server.expectSent(Receipt.class, X), "x", X);
    groupMessageTo("hello again");
    server.timeout();
    server.expectTablePrinted(Y_OFFLINE);
    OfflineMessages offer = null;
    for (Transport.Send send : sentMeanwhile()) {
      if (send.packet() instanceof OfflineMessages mail && mail.id() != toOldProcess.id()) {
        offer = mail;
      }
    }
    assertTrue(offer != null, "the new process is offered its mailbox");

    // The old process's delivery runs out of attempts first: that says nothing about the new one.
    for (int attempt = 2; attempt <= SETTINGS.requestAttempts(); attempt++) {
      server.timeout();
    }
    sentMeanwhile();
    server.ack(offer, "y", Y);
    server.expectTablePrinted(BOTH_ONLINE);
    assertEquals(true, server.inspect().table().get("y").orElseThrow().online());
  }

  /**
   * A group message sent just as y, presumed gone, ACKs its mailbox offer: the gateway's table
   * still shows y offline, but y's entity, online again by then, says so instead of storing it,
   * and y is sent it with the online ones rather than finding it at its next reg.
   */
  @Test
  void aGroupMessageStoredJustAsTheClientCameBackIsDeliveredToIt() {
    Silent silent = groupMessageYDoesNotAck("hello");
    GroupChat second = new GroupChat(server.nextId(), "x", "again", server.token("x"));
    server.ack(silent.offer(), "y", Y);
    server.deliver(second, X);
    List<Transport.Send> sent = new ArrayList<>(server.sentUntilQuiet());
    server.timeout();
    sent.addAll(server.sentUntilQuiet());
    assertTrue(sent.stream().anyMatch(send -> send.to().equals(Y)
            && (send.packet() instanceof GroupChat || send.packet() instanceof OfflineMessages)),
        "y is sent the second group message: " + sent);
  }

  /** The copy of a group message y did not ACK, and the first offer of its mailbox. */
  private record Silent(GroupChat toY, OfflineMessages offer) {}

  /**
   * x writes to the group; y gets it but does not ACK: marked offline, the message kept. x is
   * told, while y (which may be alive) is offered its mailbox: both at the same time.
   */
  private Silent groupMessageYDoesNotAck(String text) {
    GroupChat toY = groupMessageTo(text);
    server.timeout();
    server.expectTablePrinted(Y_OFFLINE);
    // x is told, and y too: only silent, it may be alive.
    Interleaved sent = server.expectInterleaved(2, 1);
    assertUpdate(sent.updateTo(X), 3, 2, Y_WENT, server.token("x"));
    assertUpdate(sent.updateTo(Y), 3, 2, Y_WENT, server.token("y"));
    return new Silent(toY, sent.take(OfflineMessages.class, Y));
  }

  /** x writes to the group; returns the copy y is sent. */
  private GroupChat groupMessageTo(String text) {
    GroupChat message = new GroupChat(server.nextId(), "x", text, server.token("x"));
    server.deliver(message, X);
    server.expectAck(X, message.id());
    return server.expectSent(GroupChat.class, Y);
  }

  /** y's process starts again from its address while online: a new session, its mailbox sent. */
  private OfflineMessages restartY() {
    long id = server.nextId();
    server.deliver(new Freg(id, new NamePort("y", Y.getPort())), Y);
    ConfReg confirmed = server.expectSent(ConfReg.class, Y);
    server.remember("y", confirmed.token());
    return server.expectSent(OfflineMessages.class, Y);
  }

  /** Everything sent until the server has been quiet for a moment, in any order. */
  private List<Transport.Send> sentMeanwhile() {
    List<Transport.Send> sent = new ArrayList<>();
    while (true) {
      try {
        Transport.Command command = server.transport.sent.receiveMessage(Duration.ofMillis(300));
        if (command instanceof Transport.Send send) {
          sent.add(send);
        }
      } catch (AssertionError quiet) {
        return sent;
      }
    }
  }
}
