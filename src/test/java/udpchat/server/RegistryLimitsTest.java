package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static udpchat.server.RegistryFixture.X;
import static udpchat.server.RegistryFixture.Y;
import static udpchat.server.RegistryFixture.Z;
import static udpchat.server.RegistryFixture.assertUpdate;
import static udpchat.server.RegistryFixture.entries;
import static udpchat.server.RegistryFixture.offline;
import static udpchat.server.RegistryFixture.online;
import static udpchat.testing.StoredEntries.assertEntries;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import udpchat.config.ChatLimits;
import udpchat.config.ChatSettings;
import udpchat.protocol.NamePort;
import udpchat.protocol.Packet.ConfReg;
import udpchat.protocol.Packet.Dereg;
import udpchat.protocol.Packet.Freg;
import udpchat.protocol.Packet.GroupChat;
import udpchat.protocol.Packet.OfflineMessages;
import udpchat.protocol.Packet.Receipt;
import udpchat.protocol.Packet.Reg;
import udpchat.protocol.Packet.ToOffline;
import udpchat.protocol.PacketCodec;
import udpchat.protocol.StoredMessage;
import udpchat.transport.Transport;

/** Limits (issue 5.3): message length, mailbox size, table size, and mailboxes in parts. */
class RegistryLimitsTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load()));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final ChatSettings DEFAULTS = ChatSettings.defaults();

  private RegistryFixture server;

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void messagesOverTheLimitAreRefusedAndNeitherRelayedNorStored() {
    server = start(new ChatLimits(10, 1000, 64));
    server.register("x", X);
    server.register("y", Y, X);
    deregY();

    long gc = server.nextId();
    server.deliver(new GroupChat(gc, "x", "eleven char", server.token("x")), X);
    server.expectError(X, gc, "message of 11 characters exceeds the limit of 10");
    long toOffline = server.nextId();
    server.deliver(
        new ToOffline(toOffline, "x", "y", "23:45:00", "☃".repeat(11), server.token("x")), X);
    server.expectError(X, toOffline, "message of 11 characters exceeds the limit of 10");
    long fits = server.nextId();
    server.deliver(new ToOffline(fits, "x", "y", "23:45:01", "ten chars!", server.token("x")), X);
    server.expectAck(X, fits);
    server.expectNothingMore();
    assertEntries(
        List.of(StoredMessage.direct("x", "23:45:01", "ten chars!")),
        server.inspect().mailboxes().get("y"));
  }

  @Test
  void aFullMailboxRefusesDirectMessagesAndDropsGroupMessages() {
    server = start(new ChatLimits(1000, 2, 64));
    server.register("x", X);
    server.register("y", Y, X);
    deregY();
    toOfflineStored("one");
    toOfflineStored("two");

    long third = server.nextId();
    server.deliver(new ToOffline(third, "x", "y", "23:45:00", "three", server.token("x")), X);
    server.expectError(X, third, "[Mailbox of y is full.]");
    server.deliver(new ToOffline(third, "x", "y", "23:45:00", "three", server.token("x")), X);
    server.expectError(X, third, "[Mailbox of y is full.]"); // a repeat: the same answer

    long gc = server.nextId();
    server.deliver(new GroupChat(gc, "x", "to all", server.token("x")), X);
    server.expectAck(X, gc); // the sender's message was taken; y's copy is dropped
    server.expectNothingMore();
    assertEntries(
        List.of(
            StoredMessage.direct("x", "23:45:00", "one"),
            StoredMessage.direct("x", "23:45:00", "two")),
        server.inspect().mailboxes().get("y"));
  }

  @Test
  void registrationsBeyondTheTableLimitAreRefused() {
    server = start(new ChatLimits(1000, 1000, 2));
    server.register("x", X);
    server.register("y", Y, X);
    long id = server.nextId();
    server.deliver(new Freg(id, new NamePort("z", Z.getPort())), Z);
    server.expectError(Z, id, "the client table is full (2 clients)");

    // A name already in the table may still come back after a restart.
    long restart = server.nextId();
    server.deliver(new Freg(restart, new NamePort("y", Y.getPort())), Y);
    assertEquals(restart, server.expectSent(ConfReg.class, Y).id());
    server.expectSent(OfflineMessages.class, Y);
  }

  @Test
  void aMailboxTooBigForOneDatagramIsDeliveredInPartsWithReceiptsAfterEach() {
    ChatSettings small =
        new ChatSettings(
            DEFAULTS.ackTimeout(),
            DEFAULTS.requestAttempts(),
            DEFAULTS.directAttempts(),
            1024,
            DEFAULTS.recentIds(),
            DEFAULTS.bindHost(),
            new ChatLimits(80, 1000, 3));
    server = new RegistryFixture(testKit, manualTime, small);
    server.register("x", X);
    server.register("y", Y, X);
    deregY();
    List<StoredMessage> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String text = String.format("%02d %s", i, "m".repeat(70));
      toOfflineStored(text);
      expected.add(StoredMessage.direct("x", "23:45:00", text));
    }

    long reg = server.nextId();
    server.deliver(new Reg(reg, "y", server.token("y")), Y);
    server.expectAck(Y, reg);
    server.console.nextLine();
    server.console.nextLine();
    PacketCodec codec = new PacketCodec(small.maxDatagramBytes());
    List<StoredMessage> received = new ArrayList<>();
    int parts = 0;
    OfflineMessages part = yIsBack().take(OfflineMessages.class, Y);
    while (part != null) {
      assertTrue(codec.encode(part).length <= 1024, "part " + parts + " fits in a datagram");
      assertEquals(parts > 0, part.isContinuation(), "only the first part has no continued flag");
      received.addAll(part.offlineMessages());
      server.ack(part, "y", Y);
      part = receiptsAndNextPart(part.offlineMessages().size(), received.size() < expected.size());
      parts++;
    }
    assertTrue(parts >= 2, "more than one part: " + parts);
    assertEntries(expected, received);
    server.expectNothingMore();
    assertNull(server.inspect().mailboxes().get("y"));
  }

  @Test
  void aMailboxPartNeverAckedLeavesTheRestStored() {
    ChatSettings small =
        new ChatSettings(
            DEFAULTS.ackTimeout(),
            DEFAULTS.requestAttempts(),
            DEFAULTS.directAttempts(),
            1024,
            DEFAULTS.recentIds(),
            DEFAULTS.bindHost(),
            new ChatLimits(80, 1000, 3));
    server = new RegistryFixture(testKit, manualTime, small);
    server.register("x", X);
    server.register("y", Y, X);
    deregY();
    for (int i = 0; i < 20; i++) {
      toOfflineStored(String.format("%02d %s", i, "m".repeat(70)));
    }
    long reg = server.nextId();
    server.deliver(new Reg(reg, "y", server.token("y")), Y);
    server.expectAck(Y, reg);
    server.console.nextLine();
    server.console.nextLine();
    OfflineMessages first = yIsBack().take(OfflineMessages.class, Y);
    server.ack(first, "y", Y);
    OfflineMessages second = receiptsAndNextPart(first.offlineMessages().size(), true);
    for (int attempt = 2; attempt <= small.requestAttempts(); attempt++) {
      server.timeout();
      assertEquals(second, server.expectSent(OfflineMessages.class, Y));
    }
    server.timeout();
    server.console.nextLine();
    server.console.nextLine();
    List<StoredMessage> left = server.inspect().mailboxes().get("y");
    assertEquals(20 - first.offlineMessages().size(), left.size());
    assertFalse(left.contains(first.offlineMessages().get(0)));
  }

  /**
   * Once a part is ACKed, the receipts for it go to x and the next part to y at the same moment,
   * from two rounds, so in either order: ACKs the receipts and returns the next part (null when
   * none is expected).
   */
  private OfflineMessages receiptsAndNextPart(int receipts, boolean partExpected) {
    OfflineMessages next = null;
    for (int i = 0; i < receipts + (partExpected ? 1 : 0); i++) {
      Transport.Send send = server.transport.sent.expectMessageClass(Transport.Send.class);
      if (send.packet() instanceof Receipt receipt && send.to().equals(X)) {
        server.ack(receipt, "x", X);
      } else if (send.packet() instanceof OfflineMessages part && send.to().equals(Y)) {
        next = part;
      } else {
        throw new AssertionError("expected a receipt to x or a mailbox part to y: " + send);
      }
    }
    return next;
  }

  private RegistryFixture start(ChatLimits limits) {
    return new RegistryFixture(testKit, manualTime, DEFAULTS.withLimits(limits));
  }

  private void deregY() {
    long id = server.nextId();
    server.deliver(new Dereg(id, "y", server.token("y")), Y);
    server.console.nextLine();
    server.console.nextLine();
    server.expectAck(Y, id);
    server.expectTableUpdate(X, 3, 2, entries(offline("y", Y)));
  }

  /** After y's reg: x and y told y is back, while y's mail goes out (the first part of it). */
  private Interleaved yIsBack() {
    Interleaved sent = server.expectInterleaved(2, 1);
    assertUpdate(sent.update(0, X), 4, 3, entries(online("y", Y)), server.token("x"));
    assertUpdate(sent.update(1, Y), 4, 3, entries(online("y", Y)), server.token("y"));
    return sent;
  }

  private void toOfflineStored(String text) {
    long id = server.nextId();
    server.deliver(new ToOffline(id, "x", "y", "23:45:00", text, server.token("x")), X);
    server.expectAck(X, id);
  }
}
