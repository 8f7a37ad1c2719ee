package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static udpchat.server.RegistryFixture.STRANGER;
import static udpchat.server.RegistryFixture.X;
import static udpchat.server.RegistryFixture.Y;
import static udpchat.server.RegistryFixture.Z;
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
import udpchat.protocol.NamePort;
import udpchat.protocol.Packet.Ack;
import udpchat.protocol.Packet.ConfReg;
import udpchat.protocol.Packet.Dereg;
import udpchat.protocol.Packet.ErrorReply;
import udpchat.protocol.Packet.Freg;
import udpchat.protocol.Packet.GroupChat;
import udpchat.protocol.Packet.OfflineMessages;
import udpchat.protocol.Packet.Receipt;
import udpchat.protocol.Packet.Reg;
import udpchat.protocol.Packet.StatusCheck;
import udpchat.protocol.Packet.StatusConfirm;
import udpchat.protocol.Packet.TableUpdate;
import udpchat.protocol.Packet.ToOffline;
import udpchat.protocol.SessionToken;
import udpchat.protocol.StoredMessage;

/** Sessions (issue 5.1): who may speak for a name, and what the server's own packets carry. */
class RegistrySessionTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load()));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final String FORGED = "AAAAAAAAAAAAAAAAAAAAAA";
  private static final String X_AND_Y =
      "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True)}";
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
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void everyRegistrationGetsItsOwnWellFormedToken() {
    ConfReg x = server.register("x", X);
    ConfReg y = server.register("y", Y, X);
    assertTrue(SessionToken.isWellFormed(x.token()), x.token());
    assertTrue(SessionToken.isWellFormed(y.token()), y.token());
    assertNotEquals(x.token(), y.token());
    server.expectNothingMore();
  }

  @Test
  void requestsWithoutTheRightTokenChangeNothingAndAreAnsweredWithError() {
    server.register("x", X);
    server.register("y", Y, X);

    long dereg = server.nextId();
    server.deliver(new Dereg(dereg, "y", null), Y);
    server.expectError(Y, dereg, "missing session token for y");
    long reg = server.nextId();
    server.deliver(new Reg(reg, "y", FORGED), Y);
    server.expectError(Y, reg, "wrong session token for y");
    long gc = server.nextId();
    server.deliver(new GroupChat(gc, "x", "hi", server.token("y")), X);
    server.expectError(X, gc, "wrong session token for x");
    long toOffline = server.nextId();
    server.deliver(new ToOffline(toOffline, "x", "y", "23:45:00", "psst", null), X);
    server.expectError(X, toOffline, "missing session token for x");
    // The right token from another address does not count either.
    long fromElsewhere = server.nextId();
    server.deliver(new Dereg(fromElsewhere, "y", server.token("y")), STRANGER);
    server.expectError(STRANGER, fromElsewhere, "y is registered from another address");
    server.expectNothingMore(); // no table printed, nothing stored, nothing fanned out
  }

  @Test
  void aRefusedRequestDoesNotUseUpItsIdForTheRealClient() {
    server.register("x", X);
    server.register("y", Y, X);
    long id = server.nextId();
    server.deliver(new Dereg(id, "y", FORGED), Y); // forged, with y's address and next id
    server.expectError(Y, id, "wrong session token for y");

    server.deliver(new Dereg(id, "y", server.token("y")), Y);
    server.expectTablePrinted(Y_OFFLINE);
    server.expectAck(Y, id);
    server.expectTableUpdate(X, 3, 2, Y_WENT);
    server.expectNothingMore();
  }

  @Test
  void anAckWithoutTheRecipientsTokenDoesNotCount() {
    server.register("x", X);
    server.register("y", Y, X);
    long gc = server.nextId();
    server.deliver(new GroupChat(gc, "x", "hello", server.token("x")), X);
    server.expectAck(X, gc);
    GroupChat toY = server.expectSent(GroupChat.class, Y);
    server.deliver(new Ack(toY.id(), "y"), Y);
    server.expectError(Y, toY.id(), "ack for id " + toY.id() + " needs y's session token");
    server.deliver(new Ack(toY.id(), "y", server.token("x")), Y);
    server.expectError(Y, toY.id(), "ack for id " + toY.id() + " needs y's session token");

    server.timeout(); // no valid ack: y is gone, the message kept for it
    server.expectTablePrinted(Y_OFFLINE);
    Interleaved sent = server.expectInterleaved(2, 1); // y too: it is only silent
    assertUpdate(sent.updateTo(X), 3, 2, Y_WENT, server.token("x"));
    assertUpdate(sent.updateTo(Y), 3, 2, Y_WENT, server.token("y"));
    sent.take(OfflineMessages.class, Y); // it may be alive: offered its mailbox
    assertEquals(
        List.of(StoredMessage.group("x", "23:30:00", "hello").shownAs(toY.id())), mailboxOf("y"));
  }

  @Test
  void aStatusConfirmWithoutTheTokenDoesNotCount() {
    server.register("x", X);
    server.register("y", Y, X);
    long id = server.nextId();
    server.deliver(new ToOffline(id, "x", "y", "23:45:00", "there?", server.token("x")), X);
    StatusCheck check = server.expectSent(StatusCheck.class, Y);
    server.deliver(new StatusConfirm(check.id(), "y", FORGED), Y);
    server.expectError(
        Y, check.id(), "status_confirm for id " + check.id() + " needs y's session token");
    server.timeout();
    server.expectTablePrinted(Y_OFFLINE);
    server.expectAck(X, id);
    Interleaved sent = server.expectInterleaved(2, 1); // y too: it is only silent
    assertUpdate(sent.updateTo(X), 3, 2, Y_WENT, server.token("x"));
    assertUpdate(sent.updateTo(Y), 3, 2, Y_WENT, server.token("y"));
    sent.take(OfflineMessages.class, Y); // it may be alive: offered its mailbox
  }

  @Test
  void aRestartGetsANewTokenAndTheOldOneNoLongerCounts() {
    server.register("x", X);
    String old = server.token("x");
    long restart = server.nextId();
    server.deliver(new Freg(restart, new NamePort("x", 3333)), X);
    ConfReg again = server.expectSent(ConfReg.class, X);
    assertNotEquals(old, again.token());
    server.ack(server.expectSent(OfflineMessages.class, X), "x", X); // an ack with the old token
    server.expectSent(ErrorReply.class, X);

    long dereg = server.nextId();
    server.deliver(new Dereg(dereg, "x", old), X);
    server.expectError(X, dereg, "wrong session token for x");
    server.remember("x", again.token());
    long dereg2 = server.nextId();
    server.deliver(new Dereg(dereg2, "x", again.token()), X);
    server.expectTablePrinted("{'x': ('x', '127.0.0.1', 3333, False)}");
    server.expectAck(X, dereg2);
  }

  @Test
  void aRepeatedFregGetsTheSameToken() {
    long id = server.nextId();
    Freg freg = new Freg(id, new NamePort("x", 3333));
    server.deliver(freg, X);
    server.expectTablePrinted("{'x': ('x', '127.0.0.1', 3333, True)}");
    ConfReg first = server.expectSent(ConfReg.class, X);
    server.deliver(freg, X); // the conf_reg was lost
    assertEquals(first, server.expectSent(ConfReg.class, X));
    server.expectNothingMore();
  }

  @Test
  void whatTheServerSendsUnaskedCarriesTheRecipientsToken() {
    server.register("x", X);
    server.register("y", Y, X);
    ConfReg z = server.register("z", Z, X, Y);
    // table_update: each copy with its recipient's token
    long dereg = server.nextId();
    server.deliver(new Dereg(dereg, "z", z.token()), Z);
    server.console.nextLine();
    server.console.nextLine();
    server.expectAck(Z, dereg);
    assertEquals(server.token("x"), server.expectSent(TableUpdate.class, X).token());
    assertEquals(server.token("y"), server.expectSent(TableUpdate.class, Y).token());

    // group message copies
    long gc = server.nextId();
    server.deliver(new GroupChat(gc, "x", "hi all", server.token("x")), X);
    server.expectAck(X, gc);
    GroupChat toY = server.expectSent(GroupChat.class, Y);
    assertEquals(server.token("y"), toY.token());
    server.ack(toY, "y", Y);

    // status check
    long toOffline = server.nextId();
    server.deliver(new ToOffline(toOffline, "y", "x", "23:45:00", "u there", server.token("y")), Y);
    StatusCheck check = server.expectSent(StatusCheck.class, X);
    assertEquals(server.token("x"), check.token());
    server.deliver(new StatusConfirm(check.id(), "x", server.token("x")), X);
    server.expectSent(ErrorReply.class, Y);

    // offline messages and the receipt for their sender
    long stored = server.nextId();
    server.deliver(new ToOffline(stored, "x", "z", "23:46:00", "for z", server.token("x")), X);
    server.expectAck(X, stored);
    long reg = server.nextId();
    server.deliver(new Reg(reg, "z", z.token()), Z);
    server.expectAck(Z, reg);
    server.console.nextLine();
    server.console.nextLine();
    Interleaved back = server.expectInterleaved(3, 1);
    assertUpdate(back.update(0, X), 5, 4, entries(online("z", Z)), server.token("x"));
    assertUpdate(back.update(1, Y), 5, 4, entries(online("z", Z)), server.token("y"));
    assertUpdate(back.update(2, Z), 5, 4, entries(online("z", Z)), z.token());
    OfflineMessages mail = back.take(OfflineMessages.class, Z);
    assertEquals(z.token(), mail.token());
    assertNull(mail.continued());
    server.ack(mail, "z", Z);
    Receipt receipt = server.expectSent(Receipt.class, X);
    assertEquals(server.token("x"), receipt.token());
    server.ack(receipt, "x", X);
    server.expectNothingMore();
  }

  private List<StoredMessage> mailboxOf(String name) {
    return server.inspect().mailboxes().getOrDefault(name, List.of());
  }
}
