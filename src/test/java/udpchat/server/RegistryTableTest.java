package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static udpchat.server.RegistryFixture.STRANGER;
import static udpchat.server.RegistryFixture.TABLE_UPDATED;
import static udpchat.server.RegistryFixture.X;
import static udpchat.server.RegistryFixture.Y;
import static udpchat.server.RegistryFixture.Z;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static udpchat.server.RegistryFixture.entries;
import static udpchat.server.RegistryFixture.local;
import static udpchat.server.RegistryFixture.offline;
import static udpchat.server.RegistryFixture.online;

import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import udpchat.config.ChatLimits;
import udpchat.config.ChatSettings;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;
import udpchat.protocol.NamePort;
import udpchat.protocol.Packet;
import udpchat.protocol.Packet.Ack;
import udpchat.protocol.Packet.ConfReg;
import udpchat.protocol.Packet.Dereg;
import udpchat.protocol.Packet.Freg;
import udpchat.protocol.Packet.GroupChat;
import udpchat.protocol.Packet.TableSync;
import udpchat.protocol.Packet.TableUpdate;
import udpchat.protocol.PacketCodec;
import udpchat.server.RegistryFixture.Registration;
import udpchat.transport.Transport;

/**
 * The client table on the wire and on the console: a version that grows by one with every change;
 * a registrant sent the whole table (conf_reg, then table_update parts with base 0); the online
 * clients sent only what changed, once per batch of changes; a client that missed some asking for
 * them with table_sync; a big table printed as its changes.
 */
class RegistryTableTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load()));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final ChatSettings DEFAULTS = ChatSettings.defaults();
  private static final InetSocketAddress W = local(1133);
  private static final String FORGED = "AAAAAAAAAAAAAAAAAAAAAA";
  /** A window after every broadcast, to one client or more. */
  private static final ChatSettings THROTTLED =
      DEFAULTS.withTablePublishWindow(Duration.ofMillis(20), 1);

  private RegistryFixture server;

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  // ---- Changes that happen together go out together -------------------------------------------

  @Test
  void theChangesOfOneRequestGoOutAsOneUpdateOfJustThoseEntries() {
    server = start(DEFAULTS);
    server.register("x", X);
    server.register("y", Y, X);

    // w registers from x's socket: x is gone (change 3), w is new (change 4).
    long id = server.nextId();
    server.deliver(new Freg(id, new NamePort("w", X.getPort())), X);
    String table = "{'x': ('x', '127.0.0.1', 3333, False), 'y': ('y', '127.0.0.1', 1111, True),"
        + " 'w': ('w', '127.0.0.1', 3333, True)}";
    server.expectTablePrinted(table);
    ConfReg confirmed = server.expectSent(ConfReg.class, X);
    assertEquals(List.of(id, 4L, 1, table),
        List.of(confirmed.id(), confirmed.version(), confirmed.parts(),
            confirmed.table().toSeedString()));
    server.remember("w", X, confirmed.token());
    // y, unchanged since version 2, gets both changes at once; w's conf_reg had them.
    server.expectTableUpdate(Y, 4, 2, entries(offline("x", X), online("w", X)));
    server.expectNothingMore();
  }

  @Test
  void updatesFollowOneAnotherFromVersionToVersion() {
    server = start(DEFAULTS);
    server.register("x", X);
    server.register("y", Y, X);
    server.register("z", Z, X, Y);
    server.register("w", W, X, Y, Z);

    // y, z and w leave at once: each one's entity answers it, and the table's changes reach x
    // in one or more updates, each starting at the version the last one ended at.
    Dereg yLeaves = new Dereg(server.nextId(), "y", server.token("y"));
    Dereg zLeaves = new Dereg(server.nextId(), "z", server.token("z"));
    Dereg wLeaves = new Dereg(server.nextId(), "w", server.token("w"));
    server.deliver(yLeaves, Y);
    server.deliver(zLeaves, Z);
    server.deliver(wLeaves, W);
    List<Transport.Send> sent = server.sentUntilQuiet();
    assertAcked(sent.stream().filter(send -> send.packet() instanceof Ack).toList(),
        yLeaves, Y, zLeaves, Z, wLeaves, W);
    List<TableUpdate> updates = RegistryFixture.sentTo(sent, TableUpdate.class, X);
    long version = 4;
    List<ClientEntry> changed = new ArrayList<>();
    for (TableUpdate update : updates) {
      assertEquals(List.of(version, 1, 1), List.of(update.base(), update.part(), update.parts()));
      version = update.version();
      changed.addAll(update.table().entries().values());
    }
    assertEquals(7, version);
    assertEquals(Set.of(offline("y", Y), offline("z", Z), offline("w", W)), Set.copyOf(changed));
    assertEquals(server.inspect().table(), ClientTable.of(List.of(
        online("x", X), offline("y", Y), offline("z", Z), offline("w", W))));
  }

  // ---- Changes close together go out once per window ---------------------------------------

  @Test
  void aBurstOfRegistrationsIsBroadcastOncePerWindowAndEveryClientEndsWithTheWholeTable() {
    server = start(THROTTLED);
    server.register("x", X);
    server.register("y", Y, X);
    server.quiet();

    // Six clients register one after another, each once the one before it is confirmed: the
    // first change goes out at once, the five after it within the window it opened wait for its
    // end and go out together.
    List<InetSocketAddress> crowd = new ArrayList<>();
    List<Transport.Send> beforeTheWindowEnds = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      InetSocketAddress at = local(21000 + i);
      crowd.add(at);
      long id = server.nextId();
      server.deliver(new Freg(id, new NamePort("crowd-" + i, at.getPort())), at);
      beforeTheWindowEnds.addAll(server.sentUntilQuiet());
      ConfReg confirmed = RegistryFixture.sentTo(beforeTheWindowEnds, ConfReg.class, at).get(0);
      assertEquals(List.of(id, 3L + i), List.of(confirmed.id(), confirmed.version()));
      server.remember("crowd-" + i, at, confirmed.token());
    }
    for (InetSocketAddress client : List.of(X, Y)) {
      assertEquals(1, RegistryFixture.sentTo(beforeTheWindowEnds, TableUpdate.class, client)
          .size(), "to " + client + " before the window ends: " + beforeTheWindowEnds);
    }
    manualTime.timePasses(THROTTLED.tablePublishWindow());
    List<Transport.Send> atTheWindowsEnd = server.sentUntilQuiet();
    assertEquals(7, atTheWindowsEnd.size(), "x, y and the first five of the crowd, once each: "
        + atTheWindowsEnd);
    manualTime.timePasses(THROTTLED.tablePublishWindow());
    server.expectNothingSent(); // nothing new: the window closes

    List<Transport.Send> sent = new ArrayList<>(beforeTheWindowEnds);
    sent.addAll(atTheWindowsEnd);
    ClientTable table = server.inspect().table();
    assertEquals(8, table.size());
    for (InetSocketAddress client : List.of(X, Y)) {
      List<TableUpdate> updates = RegistryFixture.sentTo(sent, TableUpdate.class, client);
      assertEquals(2, updates.size(), "one update at once, one at the window's end: " + updates);
      assertEquals(table, follow(2, ClientTable.of(List.of(online("x", X), online("y", Y))),
          updates), "the table " + client + " ends with");
    }
    // A registrant gets its conf_reg first, then only what came after it.
    for (InetSocketAddress registrant : crowd) {
      List<Packet> toIt = sent.stream().filter(send -> send.to().equals(registrant))
          .map(Transport.Send::packet).toList();
      ConfReg confirmed = assertInstanceOf(ConfReg.class, toIt.get(0));
      List<TableUpdate> updates = toIt.stream().skip(1)
          .map(packet -> assertInstanceOf(TableUpdate.class, packet)).toList();
      assertEquals(registrant.equals(crowd.get(5)) ? 0 : 1, updates.size(),
          "the window's update, unless its conf_reg had it all: " + updates);
      assertEquals(table, follow(confirmed.version(), confirmed.table(), updates),
          "the table " + registrant + " ends with");
    }
  }

  @Test
  void aChangeAfterAQuietSpellGoesOutAtOnce() {
    server = start(THROTTLED);
    server.register("x", X);
    server.register("y", Y, X);
    server.register("z", Z);
    // z's change came within the window y's broadcast opened: it goes out at the window's end.
    server.expectNothingSent();
    server.quiet();
    server.expectTableUpdate(X, 3, 2, entries(online("z", Z)));
    server.expectTableUpdate(Y, 3, 2, entries(online("z", Z)));

    Dereg yLeaves = new Dereg(server.nextId(), "y", server.token("y"));
    server.deliver(yLeaves, Y);
    server.console.nextLine();
    server.console.nextLine();
    server.expectAck(Y, yLeaves.id());
    server.expectTableUpdate(X, 4, 3, entries(offline("y", Y)));
    server.expectTableUpdate(Z, 4, 3, entries(offline("y", Y)));
    server.expectNothingMore();
  }

  @Test
  void aBroadcastToFewerClientsThanTheWindowIsFromHoldsNothingBack() {
    server = start(DEFAULTS); // a window from 100 clients
    server.register("x", X);
    server.register("y", Y, X);
    // Two changes in a row, no time between them: the second is not held.
    server.register("z", Z, X, Y);
    Dereg zLeaves = new Dereg(server.nextId(), "z", server.token("z"));
    server.deliver(zLeaves, Z);
    server.console.nextLine();
    server.console.nextLine();
    server.expectAck(Z, zLeaves.id());
    server.expectTableUpdate(X, 4, 3, entries(offline("z", Z)));
    server.expectTableUpdate(Y, 4, 3, entries(offline("z", Z)));
    server.expectNothingMore();
  }

  /**
   * A client's table after {@code updates}, from {@code table} at {@code version}: each update
   * must start at or before the version the client has and end after it, in version order.
   */
  private static ClientTable follow(long version, ClientTable table, List<TableUpdate> updates) {
    Map<String, ClientEntry> entries = new LinkedHashMap<>(table.entries());
    for (TableUpdate update : updates) {
      assertEquals(List.of(1, 1), List.of(update.part(), update.parts()), "one part: " + update);
      assertTrue(update.base() <= version && update.version() > version,
          "from version " + version + ": " + update);
      entries.putAll(update.table().entries());
      version = update.version();
    }
    return ClientTable.of(List.copyOf(entries.values()));
  }

  /** {@code sends} are exactly the ACKs of these requests (request, its address, ...), any order. */
  private static void assertAcked(List<Transport.Send> sends, Object... requestsAndAddresses) {
    Map<InetSocketAddress, Long> expected = new HashMap<>();
    for (int i = 0; i < requestsAndAddresses.length; i += 2) {
      expected.put((InetSocketAddress) requestsAndAddresses[i + 1],
          ((Packet.Request) requestsAndAddresses[i]).id());
    }
    Map<InetSocketAddress, Long> acked = new HashMap<>();
    for (Transport.Send send : sends) {
      Ack ack = assertInstanceOf(Ack.class, send.packet(), "only ACKs: " + sends);
      acked.put(send.to(), ack.id());
    }
    assertEquals(expected, acked);
    assertEquals(expected.size(), sends.size(), "one ACK each: " + sends);
  }

  @Test
  void aRepeatedFregIsConfirmedAgainWithTheTableAsItIsNow() {
    server = start(DEFAULTS);
    ConfReg first = server.register("x", X);
    server.register("y", Y, X);

    // x's conf_reg was lost, and x asks again once y is there: the same session, today's table.
    server.deliver(new Freg(first.id(), new NamePort("x", X.getPort())), X);
    ConfReg again = server.expectSent(ConfReg.class, X);
    assertEquals(
        List.of(first.id(), first.token(), 2L, 1,
            "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True)}"),
        List.of(again.id(), again.token(), again.version(), again.parts(),
            again.table().toSeedString()));
    server.expectNothingMore(); // no change: nothing printed, nothing broadcast
  }

  // ---- Tables too big for one datagram --------------------------------------------------------

  @Test
  void aBigTableTravelsInPartsThatMakeUpTheServersTable() throws InterruptedException {
    int datagram = 1024;
    ChatSettings small =
        new ChatSettings(
            DEFAULTS.ackTimeout(),
            DEFAULTS.requestAttempts(),
            DEFAULTS.directAttempts(),
            datagram,
            DEFAULTS.recentIds(),
            DEFAULTS.bindHost(),
            new ChatLimits(80, 1000, 100));
    server = start(small);
    int clients = 30;
    List<String> names = new ArrayList<>();
    List<InetSocketAddress> addresses = new ArrayList<>();
    Registration last = null;
    for (int i = 0; i < clients; i++) {
      // Names of the longest kind, so that few of them fill a datagram.
      String name = String.format("client-%02d-", i) + "n".repeat(22);
      InetSocketAddress at = local(20000 + i);
      last = server.registerInParts(name, at, addresses.toArray(InetSocketAddress[]::new));
      assertEquals(i + 1L, last.confReg().version());
      // conf_reg and its parts, in order, are exactly the server's table.
      assertEquals(server.inspect().table(), last.table(), "the table " + name + " was sent");
      names.add(name);
      addresses.add(at);
    }
    assertTrue(last.confReg().parts() >= 3, "parts: " + last.confReg().parts());

    // The first client's group message goes unanswered by the last 28: they are marked offline
    // together, and the two left online get one update of the 28 changes, in parts.
    long groupId = server.nextId();
    server.deliver(new GroupChat(groupId, names.get(0), "anyone?", server.token(names.get(0))),
        addresses.get(0));
    List<Transport.Send> sent = server.sentUntilQuiet();
    server.ack(RegistryFixture.sentTo(sent, GroupChat.class, addresses.get(1)).get(0),
        names.get(1), addresses.get(1));
    for (int attempt = 0; attempt <= DEFAULTS.requestAttempts(); attempt++) {
      // The fan-out's timeout, then the silent ones' mailbox offers, each retried in vain.
      server.timeout();
      sent.addAll(server.sentUntilQuiet());
    }
    server.console.expectLines(TABLE_UPDATED);
    server.console.nextLine();
    List<ClientEntry> gone = new ArrayList<>();
    for (int i = 2; i < clients; i++) {
      gone.add(offline(names.get(i), addresses.get(i)));
      assertEquals(DEFAULTS.requestAttempts(), RegistryFixture.sentTo(
          sent, Packet.OfflineMessages.class, addresses.get(i)).size());
    }
    for (int i = 0; i < 2; i++) {
      List<TableUpdate> parts = RegistryFixture.sentTo(sent, TableUpdate.class, addresses.get(i));
      assertTrue(parts.size() >= 3, "parts: " + parts.size());
      for (int part = 1; part <= parts.size(); part++) {
        TableUpdate update = parts.get(part - 1);
        assertEquals(List.of(clients + 28L, (long) clients, part, parts.size()),
            List.of(update.version(), update.base(), update.part(), update.parts()));
      }
      assertEquals(ClientTable.of(gone), join(parts));
    }
    server.expectNothingMore();

    // Asked for the table from version 0, the first client gets it whole, in parts again.
    server.deliver(new TableSync(names.get(0), 0, server.token(names.get(0))), addresses.get(0));
    assertEquals(server.inspect().table(), join(expectParts(addresses.get(0), clients + 28L, 0)));
    server.expectNothingMore();

    PacketCodec codec = new PacketCodec(datagram);
    for (Packet packet : server.seen) {
      int bytes = codec.encode(packet).length;
      assertTrue(bytes <= datagram, bytes + " bytes: " + packet);
    }
  }

  // ---- table_sync -----------------------------------------------------------------------------

  @Test
  void aTableSyncIsAnsweredWithTheChangesAfterTheClientsVersion() {
    server = start(DEFAULTS);
    server.register("x", X);
    server.register("y", Y, X);
    server.register("z", Z, X, Y);
    Dereg yLeaves = new Dereg(server.nextId(), "y", server.token("y"));
    server.deliver(yLeaves, Y);
    String table = "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, False),"
        + " 'z': ('z', '127.0.0.1', 1122, True)}";
    server.expectTablePrinted(table);
    server.expectAck(Y, yLeaves.id());
    server.expectTableUpdate(X, 4, 3, entries(offline("y", Y)));
    server.expectTableUpdate(Z, 4, 3, entries(offline("y", Y)));

    // Version 4 now: z came at 3 and y left at 4; x and y came at 1 and 2.
    sync("x", X, 1);
    server.expectTableUpdate(X, 4, 1, entries(offline("y", Y), online("z", Z)));
    sync("z", Z, 3);
    server.expectTableUpdate(Z, 4, 3, entries(offline("y", Y)));
    sync("x", X, 4); // up to date: an empty update says so
    server.expectTableUpdate(X, 4, 4, "{}");
    sync("x", X, 0);
    server.expectTableUpdate(X, 4, 0, table);
    sync("x", X, 99); // a version the server never had: the whole table
    server.expectTableUpdate(X, 4, 0, table);
    server.expectNothingMore(); // printed nothing, changed nothing
  }

  @Test
  void aTableSyncFromElsewhereOrWithoutTheTokenGetsAnErrorAndNothingElse() {
    server = start(DEFAULTS);
    server.register("x", X);
    server.register("y", Y, X);

    server.deliver(new TableSync("x", 0, server.token("x")), STRANGER);
    server.expectError(STRANGER, 0, "x is registered from another address");
    server.deliver(new TableSync("x", 0, FORGED), X);
    server.expectError(X, 0, "wrong session token for x");
    server.deliver(new TableSync("x", 0, server.token("y")), X);
    server.expectError(X, 0, "wrong session token for x");
    server.deliver(new TableSync("x", 0, null), X);
    server.expectError(X, 0, "missing session token for x");
    server.deliver(new TableSync("ghost", 0, server.token("x")), X);
    server.expectError(X, 0, "no client named ghost is registered");
    server.expectNothingMore();
  }

  // ---- The printed table ----------------------------------------------------------------------

  @Test
  void aTableAbovePrintedTableMaxIsPrintedAsItsChangesAndHowManyClientsThereAre() {
    server = start(DEFAULTS.withLimits(new ChatLimits(1000, 1000, 64, 2)));
    server.register("x", X);
    server.register("y", Y, X);
    server.register("z", Z, X, Y);
    Dereg yLeaves = new Dereg(server.nextId(), "y", server.token("y"));
    server.deliver(yLeaves, Y);
    server.console.expectLines(TABLE_UPDATED, "{'y': ('y', '127.0.0.1', 1111, False)}"
        + " (1 changed of 3 clients)");
    server.expectAck(Y, yLeaves.id());
    server.expectTableUpdate(X, 4, 3, entries(offline("y", Y)));
    server.expectTableUpdate(Z, 4, 3, entries(offline("y", Y)));

    // Two changes in one request: both on one line.
    long id = server.nextId();
    server.deliver(new Freg(id, new NamePort("w", X.getPort())), X);
    server.console.expectLines(TABLE_UPDATED, "{'x': ('x', '127.0.0.1', 3333, False),"
        + " 'w': ('w', '127.0.0.1', 3333, True)} (2 changed of 4 clients)");
    ConfReg w = server.expectSent(ConfReg.class, X);
    assertEquals(4, w.table().size(), "conf_reg has the whole table all the same");
    server.remember("w", X, w.token());
    server.expectTableUpdate(Z, 6, 4, entries(offline("x", X), online("w", X)));
    server.expectNothingMore();

    assertEquals(
        List.of(">>> [Server listening on port 5000.]",
            TABLE_UPDATED, "{'x': ('x', '127.0.0.1', 3333, True)}",
            TABLE_UPDATED,
            "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True)}",
            TABLE_UPDATED, "{'z': ('z', '127.0.0.1', 1122, True)} (1 changed of 3 clients)",
            TABLE_UPDATED, "{'y': ('y', '127.0.0.1', 1111, False)} (1 changed of 3 clients)",
            TABLE_UPDATED, "{'x': ('x', '127.0.0.1', 3333, False),"
                + " 'w': ('w', '127.0.0.1', 3333, True)} (2 changed of 4 clients)"),
        server.console.lines());
  }

  // ---- Helpers --------------------------------------------------------------------------------

  private RegistryFixture start(ChatSettings settings) {
    server = new RegistryFixture(testKit, manualTime, settings);
    return server;
  }

  private void sync(String name, InetSocketAddress from, long version) {
    server.deliver(new TableSync(name, version, server.token(name)), from);
  }

  /**
   * The parts of one table_update to {@code to}, one after the other: each of version {@code
   * version} from {@code base}, numbered in order, with the recipient's token.
   */
  private List<TableUpdate> expectParts(InetSocketAddress to, long version, long base) {
    List<TableUpdate> parts = new ArrayList<>();
    TableUpdate first = server.expectSent(TableUpdate.class, to);
    parts.add(first);
    for (int part = 2; part <= first.parts(); part++) {
      parts.add(server.expectSent(TableUpdate.class, to));
    }
    for (int part = 1; part <= parts.size(); part++) {
      TableUpdate update = parts.get(part - 1);
      assertEquals(
          List.of(version, base, part, first.parts(), first.token()),
          List.of(update.version(), update.base(), update.part(), update.parts(), update.token()),
          "version, base, part, parts and token of part " + part);
    }
    return parts;
  }

  /** The entries of the parts, in order; no entry in two parts. */
  private static ClientTable join(List<TableUpdate> parts) {
    List<ClientEntry> entries = new ArrayList<>();
    parts.forEach(part -> entries.addAll(part.table().entries().values()));
    ClientTable joined = ClientTable.of(entries);
    assertEquals(entries.size(), joined.size(), "an entry in two parts");
    return joined;
  }
}
