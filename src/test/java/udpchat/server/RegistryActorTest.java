package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static udpchat.server.RegistryFixture.assertUpdate;
import static udpchat.server.RegistryFixture.entries;
import static udpchat.server.RegistryFixture.offline;
import static udpchat.server.RegistryFixture.online;
import static udpchat.testing.StoredEntries.assertEntries;

import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import udpchat.NodeExit;
import udpchat.config.ChatSettings;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;
import udpchat.protocol.NamePort;
import udpchat.protocol.Packet;
import udpchat.protocol.Packet.Ack;
import udpchat.protocol.Packet.ConfReg;
import udpchat.protocol.Packet.Dereg;
import udpchat.protocol.Packet.DirectMessage;
import udpchat.protocol.Packet.ErrorReply;
import udpchat.protocol.Packet.Freg;
import udpchat.protocol.Packet.GroupChat;
import udpchat.protocol.Packet.NoReg;
import udpchat.protocol.Packet.OfflineMessages;
import udpchat.protocol.Packet.Receipt;
import udpchat.protocol.Packet.Reg;
import udpchat.protocol.Packet.StatusCheck;
import udpchat.protocol.Packet.StatusConfirm;
import udpchat.protocol.Packet.TableUpdate;
import udpchat.protocol.Packet.ToOffline;
import udpchat.protocol.StoredMessage;
import udpchat.testing.BufferConsole;
import udpchat.testing.ProbeTransport;
import udpchat.transport.Transport;

/** The server as its clients and its operator see it: datagrams on the wire, lines on the console. */
class RegistryActorTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load()));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());

  private static final ChatSettings SETTINGS = ChatSettings.defaults();
  private static final Duration ACK_TIMEOUT = SETTINGS.ackTimeout();
  private static final Duration QUIET = Duration.ofMillis(200);
  private static final int SERVER_PORT = 5000;
  private static final String TABLE_UPDATED = ">>> [Client table updated.]";

  private static final InetSocketAddress X = local(3333);
  private static final InetSocketAddress Y = local(1111);
  private static final InetSocketAddress Z = local(1122);
  private static final InetSocketAddress A = local(1133);
  private static final InetSocketAddress FOO = local(3333);
  private static final InetSocketAddress BAR = local(2222);
  private static final InetSocketAddress BAZ = local(1111);
  private static final InetSocketAddress STRANGER = local(4444);

  private final BufferConsole console = new BufferConsole();
  private final ProbeTransport transport = new ProbeTransport(testKit);
  private final TestProbe<NodeExit> exits = testKit.createTestProbe(NodeExit.class);
  private final SettableClock clock = new SettableClock("23:30:00");
  private ActorRef<ChatServer.Command> server;
  private long nextId = 1000;
  /** Each client's session token, as its last conf_reg gave it. */
  private final Map<String, String> tokens = new HashMap<>();
  /** Who registered last from each address: whose token a packet to that address carries. */
  private final Map<InetSocketAddress, String> names = new HashMap<>();
  /**
   * The table's version as the server should have it: one more for every change (a new name, a
   * client going online or offline), as the helpers below expect them.
   */
  private long version;

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      testKit.stop(server);
    }
  }

  // ---- Registration -----------------------------------------------------------------------------

  @Test
  void printsItIsListeningOnceBound() {
    startServer();
    console.expectNoMoreLines();
  }

  @Test
  void registersClientsAndPrintsTheTableAsTheSeedDoes() {
    startServer();
    register("x", X, "{'x': ('x', '127.0.0.1', 3333, True)}");
    register("y", Y,
        "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True)}", X);
    register("z", Z,
        "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True),"
            + " 'z': ('z', '127.0.0.1', 1122, True)}", X, Y);
    expectNothingMore();
  }

  @Test
  void refusesFregWhoseStatedPortIsNotItsSourcePort() {
    startServer();
    long id = nextId++;
    transport.deliver(new Freg(id, new NamePort("x", 3334)), X);
    ErrorReply error = transport.expectSent(ErrorReply.class, X);
    assertEquals(id, error.id());
    assertEquals("stated port 3334 is not the port 3333 the request came from", error.message());
    expectNothingMore();
  }

  @Test
  void refusesANameHeldByAnotherAddress() {
    startServer();
    register("x", X, "{'x': ('x', '127.0.0.1', 3333, True)}");
    long id = freg("x", STRANGER);
    NoReg refused = transport.expectSent(NoReg.class, STRANGER);
    assertEquals(id, refused.id());
    assertEquals("[Invalid Name]", refused.message());
    expectNothingMore();
  }

  @Test
  void aNewNameFromAnAddressInUseMarksTheOldClientThereOffline() {
    startServer();
    register("x", X, "{'x': ('x', '127.0.0.1', 3333, True)}");
    String both = "{'x': ('x', '127.0.0.1', 3333, False), 'w': ('w', '127.0.0.1', 3333, True)}";
    long id = freg("w", X);
    expectTablePrinted(both);
    ConfReg confirmed = transport.expectSent(ConfReg.class, X);
    assertEquals(id, confirmed.id());
    // Two changes: x offline (version 2), w registered (3). x is gone, w's conf_reg has both.
    assertEquals(List.of(3L, 1, both),
        List.of(confirmed.version(), confirmed.parts(), confirmed.table().toSeedString()));
    expectNothingMore();
  }

  @Test
  void aRestartFromTheSameAddressCountsAsReg() {
    startServer();
    register("x", X, "{'x': ('x', '127.0.0.1', 3333, True)}");
    register("y", Y,
        "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True)}", X);
    String yOffline = "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, False)}";
    String bothOnline = "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True)}";
    dereg("y", Y, yOffline, X);
    toOfflineStored("x", X, "y", "23:40:01", "see you later");

    // y crashed while offline and starts again: welcomed back, gets its mail, x its receipt.
    long id = freg("y", Y);
    expectTablePrinted(bothOnline);
    ConfReg confirmed = transport.expectSent(ConfReg.class, Y);
    assertEquals(id, confirmed.id());
    assertEquals(4, confirmed.version());
    assertEquals(bothOnline, confirmed.table().toSeedString());
    assertNotEquals(token("y"), confirmed.token(), "a new process, a new session");
    tokens.put("y", confirmed.token());
    // x is told y is back, once the registry is free; y's conf_reg had that, so y is not told.
    // Meanwhile y's mailbox goes out, from its own round.
    Interleaved sent = Interleaved.next(transport, 1, 1);
    assertUpdate(sent.update(0, X), 4, 3, entries(online("y", Y)), token("x"));
    OfflineMessages mail = sent.take(OfflineMessages.class, Y);
    assertEntries(List.of(StoredMessage.direct("x", "23:40:01", "see you later")), mail.offlineMessages());
    ack(mail, "y", Y);
    expectReceipt(X, "y", "23:40:01", "x");

    // x restarts while the table already shows it online: nothing to print or broadcast.
    long again = freg("x", X);
    ConfReg xAgain = transport.expectSent(ConfReg.class, X);
    assertEquals(again, xAgain.id());
    assertEquals(List.of(4L, bothOnline),
        List.of(xAgain.version(), xAgain.table().toSeedString()));
    tokens.put("x", xAgain.token());
    OfflineMessages empty = transport.expectSent(OfflineMessages.class, X);
    assertEquals(List.of(), empty.offlineMessages());
    ack(empty, "x", X);
    expectNothingMore();
  }

  // ---- dereg, reg and the mailbox (seed test cases 1 and 4) -------------------------------------

  @Test
  void seedTestCase1_offlineMessagesAreDeliveredOnRegWithReceiptsToOnlineSenders() {
    String t1 = "{'x': ('x', '127.0.0.1', 3333, True)}";
    String t2 = "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True)}";
    String t3 = "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True),"
        + " 'z': ('z', '127.0.0.1', 1122, True)}";
    String t4 = "{'x': ('x', '127.0.0.1', 3333, False), 'y': ('y', '127.0.0.1', 1111, True),"
        + " 'z': ('z', '127.0.0.1', 1122, True)}";
    startServer();
    register("x", X, t1);
    register("y", Y, t2, X);
    register("z", Z, t3, X, Y);
    dereg("x", X, t4, Y, Z);
    toOfflineStored("y", Y, "x", "23:32:21", "hi offline x");
    toOfflineStored("z", Z, "x", "23:32:35", "hi offline x from z");

    OfflineMessages mail = reg("x", X, t3, X, Y, Z);
    assertEntries(
        List.of(
            StoredMessage.direct("y", "23:32:21", "hi offline x"),
            StoredMessage.direct("z", "23:32:35", "hi offline x from z")),
        mail.offlineMessages());
    ack(mail, "x", X);
    // Each sender's entity sends its own receipt: between two senders, in no particular order.
    Map<InetSocketAddress, Receipt> receipts = new HashMap<>();
    for (int i = 0; i < 2; i++) {
      Transport.Send send = transport.expectSend(Receipt.class);
      receipts.put(send.to(), (Receipt) send.packet());
    }
    assertEquals(List.of("x", "23:32:21", "x", "23:32:35"),
        List.of(receipts.get(Y).name(), receipts.get(Y).timestamp(),
            receipts.get(Z).name(), receipts.get(Z).timestamp()));
    ack(receipts.get(Y), "y", Y);
    ack(receipts.get(Z), "z", Z);
    expectNothingMore();
    assertEquals(
        List.of(">>> [Server listening on port 5000.]",
            TABLE_UPDATED, t1, TABLE_UPDATED, t2, TABLE_UPDATED, t3, TABLE_UPDATED, t4,
            TABLE_UPDATED, t3),
        console.lines());
  }

  @Test
  void seedTestCase4_aReceiptForAnOfflineSenderIsStoredAndDeliveredOnItsReg() {
    String t1 = "{'foo': ('foo', '127.0.0.1', 3333, True)}";
    String t2 = "{'foo': ('foo', '127.0.0.1', 3333, True), 'bar': ('bar', '127.0.0.1', 2222, True)}";
    String t3 = "{'foo': ('foo', '127.0.0.1', 3333, True), 'bar': ('bar', '127.0.0.1', 2222, False)}";
    String t4 = "{'foo': ('foo', '127.0.0.1', 3333, False), 'bar': ('bar', '127.0.0.1', 2222, False)}";
    String t5 = "{'foo': ('foo', '127.0.0.1', 3333, False), 'bar': ('bar', '127.0.0.1', 2222, False),"
        + " 'baz': ('baz', '127.0.0.1', 1111, True)}";
    String t6 = "{'foo': ('foo', '127.0.0.1', 3333, False), 'bar': ('bar', '127.0.0.1', 2222, True),"
        + " 'baz': ('baz', '127.0.0.1', 1111, True)}";
    String t7 = "{'foo': ('foo', '127.0.0.1', 3333, True), 'bar': ('bar', '127.0.0.1', 2222, True),"
        + " 'baz': ('baz', '127.0.0.1', 1111, True)}";
    startServer();
    register("foo", FOO, t1);
    register("bar", BAR, t2, FOO);
    dereg("bar", BAR, t3, FOO);
    toOfflineStored("foo", FOO, "bar", "22:55:29", "hi");
    dereg("foo", FOO, t4);
    register("baz", BAZ, t5);
    clock.set("22:56:40");
    long gc = groupChat("baz", BAZ, "hi everyone");
    expectAck(BAZ, gc);

    OfflineMessages barMail = reg("bar", BAR, t6, BAR, BAZ);
    assertEntries(
        List.of(StoredMessage.direct("foo", "22:55:29", "hi"),
            StoredMessage.group("baz", "22:56:40", "hi everyone")),
        barMail.offlineMessages());
    ack(barMail, "bar", BAR);
    expectNothingSent(); // foo is offline: its receipt is stored

    OfflineMessages fooMail = reg("foo", FOO, t7, FOO, BAR, BAZ);
    assertEntries(
        List.of(StoredMessage.group("baz", "22:56:40", "hi everyone"),
            StoredMessage.receipt("bar", "22:55:29")),
        fooMail.offlineMessages());
    assertEquals(" [Offline Message sent at 22:55:29 received by bar.]",
        fooMail.offlineMessages().get(1).message());
    ack(fooMail, "foo", FOO);
    expectNothingMore();
    assertEquals(
        List.of(">>> [Server listening on port 5000.]",
            TABLE_UPDATED, t1, TABLE_UPDATED, t2, TABLE_UPDATED, t3, TABLE_UPDATED, t4,
            TABLE_UPDATED, t5, TABLE_UPDATED, t6, TABLE_UPDATED, t7),
        console.lines());
  }

  @Test
  void regNeverAckedMarksTheClientOfflineAgainAndKeepsItsMailbox() {
    String bothOnline = "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True)}";
    String xOffline = "{'x': ('x', '127.0.0.1', 3333, False), 'y': ('y', '127.0.0.1', 1111, True)}";
    startServer();
    register("x", X, "{'x': ('x', '127.0.0.1', 3333, True)}");
    register("y", Y, bothOnline, X);
    dereg("x", X, xOffline, Y);
    toOfflineStored("y", Y, "x", "23:50:00", "are you there?");

    OfflineMessages mail = reg("x", X, bothOnline, X, Y);
    for (int attempt = 2; attempt <= SETTINGS.requestAttempts(); attempt++) {
      manualTime.timePasses(ACK_TIMEOUT);
      assertEquals(mail, transport.expectSent(OfflineMessages.class, X), "same packet, same id");
    }
    manualTime.timePasses(ACK_TIMEOUT);
    expectTablePrinted(xOffline);
    version++;
    // x went silent: it is told too (alive, it would see itself offline and say so).
    Interleaved told = Interleaved.next(transport, 2, 0);
    for (InetSocketAddress client : List.of(X, Y)) {
      assertUpdate(told.updateTo(client), version, version - 1, entries(offline("x", X)),
          tokenAt(client));
    }
    expectNothingMore();

    OfflineMessages again = reg("x", X, bothOnline, X, Y);
    assertEquals(mail.offlineMessages(), again.offlineMessages());
  }

  @Test
  void aRepeatedRegIsAckedAgainWithoutASecondDelivery() {
    String bothOnline = "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True)}";
    startServer();
    register("x", X, "{'x': ('x', '127.0.0.1', 3333, True)}");
    register("y", Y, bothOnline, X);
    dereg("x", X, "{'x': ('x', '127.0.0.1', 3333, False), 'y': ('y', '127.0.0.1', 1111, True)}", Y);
    long id = nextId;
    OfflineMessages mail = reg("x", X, bothOnline, X, Y);
    transport.deliver(new Reg(id, "x", token("x")), X);
    expectAck(X, id);
    ack(mail, "x", X);
    expectNothingMore();
  }

  // ---- Group chat (seed test case 6) ------------------------------------------------------------

  @Test
  void seedTestCase6_aSilentGroupRecipientIsMarkedOfflineAndNothingIsLost() {
    String t1 = "{'foo': ('foo', '127.0.0.1', 3333, True)}";
    String t2 = "{'foo': ('foo', '127.0.0.1', 3333, True), 'bar': ('bar', '127.0.0.1', 2222, True)}";
    String t3 = "{'foo': ('foo', '127.0.0.1', 3333, True), 'bar': ('bar', '127.0.0.1', 2222, True),"
        + " 'baz': ('baz', '127.0.0.1', 1111, True)}";
    String t4 = "{'foo': ('foo', '127.0.0.1', 3333, False), 'bar': ('bar', '127.0.0.1', 2222, True),"
        + " 'baz': ('baz', '127.0.0.1', 1111, True)}";
    String t5 = "{'foo': ('foo', '127.0.0.1', 3333, False), 'bar': ('bar', '127.0.0.1', 2222, True),"
        + " 'baz': ('baz', '127.0.0.1', 1111, False)}";
    String t6 = "{'foo': ('foo', '127.0.0.1', 3333, True), 'bar': ('bar', '127.0.0.1', 2222, True),"
        + " 'baz': ('baz', '127.0.0.1', 1111, False)}";
    startServer();
    register("foo", FOO, t1);
    register("bar", BAR, t2, FOO);
    register("baz", BAZ, t3, FOO, BAR);
    dereg("foo", FOO, t4, BAR, BAZ);

    clock.set("23:10:43");
    long goodbye = groupChat("baz", BAZ, "Goodbye Everyone.");
    expectAck(BAZ, goodbye);
    GroupChat toBar = transport.expectSent(GroupChat.class, BAR);
    assertEquals("baz", toBar.name());
    assertEquals("Goodbye Everyone.", toBar.message());
    ack(toBar, "bar", BAR);
    // baz leaves silently; bar writes to offline foo, then to the group.
    toOfflineStored("bar", BAR, "foo", "23:11:32", "yo when you see this, i think baz died again");
    clock.set("23:11:59");
    long comeBack = groupChat("bar", BAR, "baz if u can hear us, come back");
    expectAck(BAR, comeBack);
    transport.expectSent(GroupChat.class, BAZ);
    manualTime.timePasses(ACK_TIMEOUT);
    expectTablePrinted(t5);
    expectMarkedOfflineAndOfferedInVain(new InetSocketAddress[] {BAR}, BAZ);

    OfflineMessages fooMail = reg("foo", FOO, t6, FOO, BAR, BAZ); // baz is only silent
    assertEntries(
        List.of(
            StoredMessage.group("baz", "23:10:43", "Goodbye Everyone."),
            StoredMessage.direct("bar", "23:11:32", "yo when you see this, i think baz died again"),
            StoredMessage.group("bar", "23:11:59", "baz if u can hear us, come back")),
        fooMail.offlineMessages());
    ack(fooMail, "foo", FOO);
    expectReceipt(BAR, "foo", "23:11:32", "bar");
    expectNothingMore();
    assertEquals(
        List.of(">>> [Server listening on port 5000.]",
            TABLE_UPDATED, t1, TABLE_UPDATED, t2, TABLE_UPDATED, t3, TABLE_UPDATED, t4,
            TABLE_UPDATED, t5, TABLE_UPDATED, t6),
        console.lines());
  }

  @Test
  void severalSilentGroupRecipientsGiveOneTableUpdateAndGetTheMessageOnReg() {
    String all = "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True),"
        + " 'z': ('z', '127.0.0.1', 1122, True)}";
    String onlyX = "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, False),"
        + " 'z': ('z', '127.0.0.1', 1122, False)}";
    startServer();
    register("x", X, "{'x': ('x', '127.0.0.1', 3333, True)}");
    register("y", Y, "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True)}", X);
    register("z", Z, all, X, Y);
    clock.set("23:39:33");
    long id = groupChat("x", X, "yoyoyo everyone");
    expectAck(X, id);
    transport.expectSent(GroupChat.class, Y);
    GroupChat toZ = transport.expectSent(GroupChat.class, Z);
    manualTime.timePasses(ACK_TIMEOUT);
    expectTablePrinted(onlyX);
    // One update for both changes (versions 4 and 5), with just the two entries that changed.
    expectMarkedOfflineAndOfferedInVain(new InetSocketAddress[] {X}, Y, Z);
    assertEquals(5, version);
    expectNothingMore();

    OfflineMessages zMail = reg("z", Z,
        "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, False),"
            + " 'z': ('z', '127.0.0.1', 1122, True)}", X, Y, Z); // y is only silent
    assertEquals(
        List.of(StoredMessage.group("x", "23:39:33", "yoyoyo everyone").shownAs(toZ.id())),
        zMail.offlineMessages());
  }

  // ---- to_offline and the status check ----------------------------------------------------------

  @Test
  void toOfflineForAClientThatAnswersItsStatusCheckIsRefusedWithItsEntry() {
    String bothOnline = "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True)}";
    startServer();
    register("x", X, "{'x': ('x', '127.0.0.1', 3333, True)}");
    register("y", Y, bothOnline, X);
    long id = toOffline("x", X, "y", "23:45:00", "you there?");
    StatusCheck check = transport.expectSent(StatusCheck.class, Y);
    transport.deliver(new StatusConfirm(check.id(), "y", token("y")), Y);
    ErrorReply exists = transport.expectSent(ErrorReply.class, X);
    assertEquals(id, exists.id());
    assertEquals("[Client y exists!!]", exists.message());
    // Only y's entry: x needs y's address, and a whole table may not fit in a datagram.
    assertEquals(entries(online("y", Y)), exists.table().toSeedString());
    expectNothingMore();
  }

  @Test
  void toOfflineForAClientThatDoesNotAnswerIsStoredAndTheTableUpdated() {
    String yOffline = "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, False)}";
    startServer();
    register("x", X, "{'x': ('x', '127.0.0.1', 3333, True)}");
    register("y", Y, "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True)}", X);
    long id = toOffline("x", X, "y", "23:45:00", "you there?");
    transport.expectSent(StatusCheck.class, Y);
    manualTime.timePasses(ACK_TIMEOUT);
    expectTablePrinted(yOffline);
    expectAck(X, id);
    expectMarkedOfflineAndOfferedInVain(new InetSocketAddress[] {X}, Y);
    expectNothingMore();

    OfflineMessages mail = reg("y", Y,
        "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True)}", X, Y);
    assertEntries(List.of(StoredMessage.direct("x", "23:45:00", "you there?")), mail.offlineMessages());
  }

  @Test
  void toOfflineForAnUnknownClientIsRefused() {
    startServer();
    register("x", X, "{'x': ('x', '127.0.0.1', 3333, True)}");
    long id = toOffline("x", X, "nobody", "23:45:00", "hello?");
    ErrorReply error = transport.expectSent(ErrorReply.class, X);
    assertEquals(id, error.id());
    assertEquals("no client named nobody is registered", error.message());
    expectNothingMore();
  }

  // ---- Duplicates -------------------------------------------------------------------------------

  @Test
  void aRepeatedToOfflineIsAckedAgainButStoredOnce() {
    startServer();
    register("x", X, "{'x': ('x', '127.0.0.1', 3333, True)}");
    register("y", Y, "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True)}", X);
    dereg("y", Y, "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, False)}", X);
    ToOffline message = new ToOffline(nextId++, "x", "y", "23:45:00", "only once", token("x"));
    transport.deliver(message, X);
    expectAck(X, message.id());
    transport.deliver(message, X); // our ack was lost; x tries again
    expectAck(X, message.id());

    OfflineMessages mail = reg("y", Y,
        "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True)}", X, Y);
    assertEntries(List.of(StoredMessage.direct("x", "23:45:00", "only once")), mail.offlineMessages());
  }

  @Test
  void aRepeatedGroupMessageIsAckedAgainButFannedOutOnce() {
    startServer();
    register("x", X, "{'x': ('x', '127.0.0.1', 3333, True)}");
    register("y", Y, "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True)}", X);
    GroupChat message = new GroupChat(nextId++, "x", "hello all", token("x"));
    transport.deliver(message, X);
    expectAck(X, message.id());
    GroupChat toY = transport.expectSent(GroupChat.class, Y);
    transport.deliver(message, X);
    expectAck(X, message.id());
    ack(toY, "y", Y);
    expectNothingMore();
  }

  @Test
  void aRepeatWhileTheStatusCheckRunsIsIgnoredAndTheAnswerComesOnce() {
    startServer();
    register("x", X, "{'x': ('x', '127.0.0.1', 3333, True)}");
    register("y", Y, "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True)}", X);
    ToOffline message = new ToOffline(nextId++, "x", "y", "23:45:00", "still there?", token("x"));
    transport.deliver(message, X);
    StatusCheck check = transport.expectSent(StatusCheck.class, Y);
    transport.deliver(message, X);
    expectNothingSent();
    transport.deliver(new StatusConfirm(check.id(), "y", token("y")), Y);
    assertEquals("[Client y exists!!]", transport.expectSent(ErrorReply.class, X).message());
    transport.deliver(message, X);
    assertEquals("[Client y exists!!]", transport.expectSent(ErrorReply.class, X).message());
    expectNothingMore();
  }

  // ---- Bad and foreign input --------------------------------------------------------------------

  @Test
  void requestsFromAnAddressOtherThanTheNamesAreRefused() {
    startServer();
    register("x", X, "{'x': ('x', '127.0.0.1', 3333, True)}");
    register("y", Y, "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True)}", X);

    long dereg = nextId++;
    transport.deliver(new Dereg(dereg, "x", token("x")), STRANGER);
    expectError(STRANGER, dereg, "x is registered from another address");
    long gc = nextId++;
    transport.deliver(new GroupChat(gc, "x", "not really x", token("x")), Y);
    expectError(Y, gc, "x is registered from another address");
    long reg = nextId++;
    transport.deliver(new Reg(reg, "ghost", null), STRANGER);
    expectError(STRANGER, reg, "no client named ghost is registered");
    long toOffline = nextId++;
    transport.deliver(
        new ToOffline(toOffline, "y", "x", "23:45:00", "psst", token("y")), STRANGER);
    expectError(STRANGER, toOffline, "y is registered from another address");

    // An ack for y's copy of a group message counts only from y's address.
    long real = groupChat("x", X, "hi");
    expectAck(X, real);
    GroupChat toY = transport.expectSent(GroupChat.class, Y);
    transport.deliver(new Ack(toY.id(), "y", token("y")), STRANGER);
    expectError(STRANGER, toY.id(), "ack for id " + toY.id() + " must come from y's registered address");
    ack(toY, "y", Y);
    expectNothingMore(); // y acked in time: still online, no table change
  }

  @Test
  void aMalformedDatagramIsAnsweredWithAnErrorAndTheServerKeepsWorking() {
    startServer();
    transport.owner().tell(new Transport.Rejected(X, "not valid JSON: Unexpected character"));
    ErrorReply error = transport.expectSent(ErrorReply.class, X);
    assertEquals(0, error.id());
    assertEquals("malformed packet: not valid JSON: Unexpected character", error.message());
    register("x", X, "{'x': ('x', '127.0.0.1', 3333, True)}");
    expectNothingMore();
  }

  @Test
  void packetsMeantForClientsAndUnexpectedAnswersAreDroppedSilently() {
    startServer();
    register("x", X, "{'x': ('x', '127.0.0.1', 3333, True)}");
    transport.deliver(new ConfReg(7, ClientTable.EMPTY, token("x")), X);
    transport.deliver(ErrorReply.of(7, "[Invalid Name]"), X);
    transport.deliver(new Ack(424242, "x"), X);
    transport.deliver(new StatusConfirm(424243, "x", token("x")), X);
    transport.deliver(new TableUpdate(ClientTable.EMPTY, token("x")), X);
    transport.deliver(new DirectMessage(8, "x", "hello server"), X);
    transport.deliver(new StatusCheck(9, null), X);
    expectNothingMore();
    register("y", Y, "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True)}", X);
  }

  @Test
  void aPortInUseEndsTheServerWithOneClearLine() {
    server = testKit.spawn(
        ChatServer.create(SERVER_PORT, SETTINGS, console, clock, transport, exits.ref()::tell));
    transport.owner().tell(
        new Transport.BindFailed(new InetSocketAddress("0.0.0.0", SERVER_PORT), "Port 5000 is already in use"));
    assertEquals(NodeExit.failed("Port 5000 is already in use"),
        exits.receiveMessage());
    exits.expectTerminated(server);
    assertEquals(List.of(), console.lines());
    server = null;
  }

  @Test
  void theServerEndsWhenItsSocketStops() {
    startServer();
    transport.sent.stop();
    assertEquals(
        NodeExit.failed("The server's UDP socket on port 5000 closed unexpectedly"),
        exits.receiveMessage());
    exits.expectTerminated(server);
    server = null;
  }

  // ---- Helpers ----------------------------------------------------------------------------------

  private static InetSocketAddress local(int port) {
    return new InetSocketAddress("127.0.0.1", port);
  }

  private void startServer() {
    server = testKit.spawn(
        ChatServer.create(SERVER_PORT, SETTINGS, console, clock, transport, exits.ref()::tell));
    transport.bound(new InetSocketAddress("0.0.0.0", SERVER_PORT));
    console.expectLines(">>> [Server listening on port 5000.]");
  }

  private long freg(String name, InetSocketAddress from) {
    long id = nextId++;
    transport.deliver(new Freg(id, new NamePort(name, from.getPort())), from);
    return id;
  }

  /**
   * A new name from a free address: the table printed, the registrant confirmed with the whole
   * table as of the new version; then, once the registry is free, the other online clients told
   * the one change (the new entry); the registrant is not: its conf_reg had it.
   */
  private void register(String name, InetSocketAddress from, String table, InetSocketAddress... others) {
    long id = freg(name, from);
    expectTablePrinted(table);
    ConfReg confirmed = transport.expectSent(ConfReg.class, from);
    assertEquals(id, confirmed.id());
    version++;
    assertEquals(List.of(version, 1, table),
        List.of(confirmed.version(), confirmed.parts(), confirmed.table().toSeedString()),
        "version, parts and table of the conf_reg");
    tokens.put(name, confirmed.token());
    names.put(from, name);
    for (InetSocketAddress other : others) {
      expectTableUpdate(other, version, version - 1, entries(online(name, from)));
    }
    if (others.length == 0) {
      // The conf_reg goes out before the registry notes that its change is to be published: a
      // request sent at once could still join that broadcast. Once the registry has answered
      // this, the note is in its mailbox, ahead of anything the test sends next.
      RegistryFixture.inspect(testKit, server);
    }
  }

  /** dereg: the table printed, the client ACKed; then the others told it is offline. */
  private void dereg(String name, InetSocketAddress from, String table, InetSocketAddress... others) {
    long id = nextId++;
    transport.deliver(new Dereg(id, name, token(name)), from);
    expectTablePrinted(table);
    expectAck(from, id);
    version++;
    for (InetSocketAddress other : others) {
      expectTableUpdate(other, version, version - 1, entries(offline(name, from)));
    }
  }

  /**
   * reg of an offline client: acked and the table printed; then, at the same time, the change to
   * every client {@code online} (the client itself included, and any offline only for its
   * silence) and its mail; returns the mail.
   */
  private OfflineMessages reg(String name, InetSocketAddress from, String table, InetSocketAddress... online) {
    long id = nextId++;
    transport.deliver(new Reg(id, name, token(name)), from);
    expectAck(from, id);
    expectTablePrinted(table);
    version++;
    Interleaved sent = Interleaved.next(transport, online.length, 1);
    for (InetSocketAddress client : online) {
      assertUpdate(sent.updateTo(client), version, version - 1,
          entries(online(name, from)), tokenAt(client));
    }
    OfflineMessages mail = sent.take(OfflineMessages.class, from);
    sent.expectAllTaken();
    return mail;
  }

  private long toOffline(String from, InetSocketAddress source, String to, String time, String text) {
    long id = nextId++;
    transport.deliver(new ToOffline(id, from, to, time, text, token(from)), source);
    return id;
  }

  private void toOfflineStored(String from, InetSocketAddress source, String to, String time, String text) {
    expectAck(source, toOffline(from, source, to, time, text));
  }

  private long groupChat(String from, InetSocketAddress source, String text) {
    long id = nextId++;
    transport.deliver(new GroupChat(id, from, text, token(from)), source);
    return id;
  }

  private void ack(Packet.Request packet, String name, InetSocketAddress from) {
    transport.deliver(new Ack(packet.id(), name, token(name)), from);
  }

  private String token(String name) {
    return tokens.get(name);
  }

  private void expectTablePrinted(String table) {
    console.expectLines(TABLE_UPDATED, table);
  }

  private String tokenAt(InetSocketAddress address) {
    return token(names.get(address));
  }

  /** The next datagram: a table_update in one part with these changes, and its recipient's token. */
  private void expectTableUpdate(InetSocketAddress to, long version, long base, String changed) {
    assertUpdate(transport.expectSent(TableUpdate.class, to), version, base, changed, tokenAt(to));
  }

  private void expectAck(InetSocketAddress to, long id) {
    Ack ack = transport.expectSent(Ack.class, to);
    assertEquals(id, ack.id());
    assertEquals("server", ack.from());
  }

  private void expectError(InetSocketAddress to, long id, String message) {
    ErrorReply error = transport.expectSent(ErrorReply.class, to);
    assertEquals(id, error.id());
    assertEquals(message, error.message());
    assertNull(error.table());
  }

  /** A receipt to {@code to}: {@code recipient} got what it sent at {@code time}; acked by it. */
  private void expectReceipt(InetSocketAddress to, String recipient, String time, String ackAs) {
    Receipt receipt = transport.expectSent(Receipt.class, to);
    assertEquals(recipient, receipt.name());
    assertEquals(time, receipt.timestamp());
    ack(receipt, ackAs, to);
  }

  /**
   * {@code silent} (in table order) have just been found silent and marked offline: the clients
   * still online ({@code told}) get one table_update with those changes, while each silent client,
   * which may be alive, is offered its mailbox as after reg, from a round of its own (so all of
   * these go out in any order). Gone, it never ACKs, and the server gives up.
   */
  private static List<InetSocketAddress> concat(InetSocketAddress[] a, InetSocketAddress[] b) {
    List<InetSocketAddress> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all;
  }

  private void expectMarkedOfflineAndOfferedInVain(
      InetSocketAddress[] told, InetSocketAddress... silent) {
    long base = version;
    version += silent.length;
    ClientEntry[] changed = new ClientEntry[silent.length];
    for (int i = 0; i < silent.length; i++) {
      changed[i] = offline(names.get(silent[i]), silent[i]);
    }
    // The silent ones are told too: one that is alive sees itself offline, and says so.
    Interleaved sent = Interleaved.next(transport, told.length + silent.length, silent.length);
    for (InetSocketAddress client : concat(told, silent)) {
      assertUpdate(sent.updateTo(client), version, base, entries(changed), tokenAt(client));
    }
    List<OfflineMessages> offers = new ArrayList<>();
    for (InetSocketAddress client : silent) {
      offers.add(sent.take(OfflineMessages.class, client));
    }
    sent.expectAllTaken();
    for (int attempt = 2; attempt <= SETTINGS.requestAttempts(); attempt++) {
      manualTime.timePasses(ACK_TIMEOUT);
      Interleaved again = Interleaved.next(transport, 0, silent.length);
      for (int i = 0; i < silent.length; i++) {
        assertEquals(offers.get(i), again.take(OfflineMessages.class, silent[i]), "attempt " + attempt);
      }
    }
    manualTime.timePasses(ACK_TIMEOUT);
  }

  private void expectNothingSent() {
    transport.sent.expectNoMessage(QUIET);
  }

  /** Nothing more on the wire or the console, even after every timeout has run out. */
  private void expectNothingMore() {
    expectNothingSent();
    manualTime.timePasses(ACK_TIMEOUT.multipliedBy(SETTINGS.requestAttempts() + 1));
    expectNothingSent();
    console.expectNoMoreLines();
  }
}
