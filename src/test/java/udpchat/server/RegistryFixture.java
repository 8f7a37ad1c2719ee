package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

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
import udpchat.NodeExit;
import udpchat.config.ChatSettings;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;
import udpchat.protocol.NamePort;
import udpchat.protocol.Packet;
import udpchat.protocol.Packet.Ack;
import udpchat.protocol.Packet.ConfReg;
import udpchat.protocol.Packet.ErrorReply;
import udpchat.protocol.Packet.Freg;
import udpchat.protocol.Packet.OfflineMessages;
import udpchat.protocol.Packet.TableUpdate;
import udpchat.testing.BufferConsole;
import udpchat.testing.ProbeTransport;
import udpchat.transport.Transport;

/**
 * A server on port 5000 under test, played by hand through a probe transport: clients register
 * through {@link #register}, which keeps each one's session token for the requests that follow.
 * Time is manual; the clock is settable.
 */
final class RegistryFixture {
  static final InetSocketAddress X = local(3333);
  static final InetSocketAddress Y = local(1111);
  static final InetSocketAddress Z = local(1122);
  static final InetSocketAddress STRANGER = local(4444);
  static final String TABLE_UPDATED = ">>> [Client table updated.]";
  private static final Duration QUIET = Duration.ofMillis(200);

  final BufferConsole console = new BufferConsole();
  final ProbeTransport transport;
  final SettableClock clock = new SettableClock("23:30:00");
  final ChatSettings settings;
  final ActorRef<ChatServer.Command> server;
  private final ActorTestKit testKit;
  private final ManualTime time;
  private final RegistryJournal journal;
  private final Map<String, String> tokens = new HashMap<>();
  /** Who registered last from each address: whose token a packet to that address carries. */
  private final Map<InetSocketAddress, String> names = new HashMap<>();
  /** Every packet read through {@link #expectSent}, in order: what the server sent so far. */
  final List<Packet> seen = new ArrayList<>();
  private long nextId = 1000;

  /** Starts a server with an empty journal and expects it to say it is listening. */
  RegistryFixture(ActorTestKit testKit, ManualTime time, ChatSettings settings) {
    this(testKit, time, settings, RegistryJournal.fresh());
  }

  /** Starts a server on {@code journal} (recovering what it holds) and expects it to listen. */
  RegistryFixture(
      ActorTestKit testKit, ManualTime time, ChatSettings settings, RegistryJournal journal) {
    this.testKit = testKit;
    this.time = time;
    this.settings = settings;
    this.journal = journal;
    this.transport = new ProbeTransport(testKit);
    TestProbe<NodeExit> exits = testKit.createTestProbe(NodeExit.class);
    this.server =
        testKit.spawn(
            ChatServer.create(
                5000, settings, console, clock, transport, exits.ref()::tell, journal));
    transport.bound(new InetSocketAddress("0.0.0.0", 5000));
    console.expectLines(">>> [Server listening on port 5000.]");
  }

  static InetSocketAddress local(int port) {
    return new InetSocketAddress("127.0.0.1", port);
  }

  void stop() {
    testKit.stop(server);
  }

  /** The registry's state once it has handled everything delivered so far. */
  RegistrySnapshot inspect() {
    return inspect(testKit, server);
  }

  static RegistrySnapshot inspect(ActorTestKit testKit, ActorRef<ChatServer.Command> server) {
    TestProbe<RegistrySnapshot> probe = testKit.createTestProbe(RegistrySnapshot.class);
    server.tell(new ChatServer.Inspect(probe.ref()));
    return probe.receiveMessage(Duration.ofSeconds(5));
  }

  long nextId() {
    return nextId++;
  }

  /** The session token {@code name}'s last conf_reg gave it. */
  String token(String name) {
    return tokens.get(name);
  }

  /**
   * Registers a new name from an address no one else holds: the table is printed, the registrant
   * confirmed (its token kept) with the whole table, and each of {@code others} (the clients
   * online, in table order) is sent the one change, the registrant's entry.
   */
  ConfReg register(String name, InetSocketAddress from, InetSocketAddress... others) {
    return registerInParts(name, from, others).confReg();
  }

  /** A registrant's whole table: conf_reg's part and the table_update parts that followed it. */
  record Registration(ConfReg confReg, List<TableUpdate> parts) {
    ClientTable table() {
      List<ClientEntry> entries = new ArrayList<>(confReg.table().entries().values());
      parts.forEach(part -> entries.addAll(part.table().entries().values()));
      assertEquals(entries.size(), ClientTable.of(entries).size(), "no entry twice: " + entries);
      return ClientTable.of(entries);
    }
  }

  /**
   * {@link #register}, for a table that may not fit in one datagram: conf_reg carries part 1 of
   * the table as of its version, and parts 2 to n follow at once as table_update with base 0; only
   * then, once the registry's mailbox is drained, do the others get the change.
   */
  Registration registerInParts(String name, InetSocketAddress from, InetSocketAddress... others) {
    long id = nextId();
    transport.deliver(new Freg(id, new NamePort(name, from.getPort())), from);
    console.expectLines(TABLE_UPDATED);
    console.nextLine();
    ConfReg confirmed = expectSent(ConfReg.class, from);
    assertEquals(id, confirmed.id());
    remember(name, from, confirmed.token());
    List<TableUpdate> parts = new ArrayList<>();
    for (int part = 2; part <= confirmed.parts(); part++) {
      TableUpdate update = expectSent(TableUpdate.class, from);
      assertEquals(
          List.of(confirmed.version(), 0L, part, confirmed.parts(), confirmed.token()),
          List.of(update.version(), update.base(), update.part(), update.parts(), update.token()),
          "version, base, part, parts and token of the table's part " + part);
      parts.add(update);
    }
    String change = entries(ClientEntry.at(name, from, true));
    for (InetSocketAddress other : others) {
      expectTableUpdate(other, confirmed.version(), confirmed.version() - 1, change);
    }
    if (others.length == 0) {
      // The conf_reg goes out before the registry notes that its change is to be published: a
      // request sent at once could still join that broadcast. Once the registry has answered
      // this, the note is in its mailbox, ahead of anything the test sends next.
      inspect();
    }
    return new Registration(confirmed, parts);
  }

  /**
   * Lets a table-publish-window that the last broadcast opened run out (publishing what it held),
   * so that the next change goes out at once.
   */
  void quiet() {
    // The gateway notes a change to publish after it has sent the conf_reg (or the ACK): once it
    // has answered two questions, it has acted on that note, and a window it opened is running.
    inspect();
    inspect();
    for (int window = 0; window < 2; window++) {
      time.timePasses(settings.tablePublishWindow());
      inspect();
    }
  }

  /** Keeps a token a client got outside {@link #register} (a restart). */
  void remember(String name, String token) {
    tokens.put(name, token);
  }

  /** Keeps the token of a client registered at {@code at} outside {@link #register}. */
  void remember(String name, InetSocketAddress at, String token) {
    tokens.put(name, token);
    names.put(at, name);
  }

  /** Keeps the tokens and addresses the clients had with {@code before} (a restarted server). */
  void rememberAll(RegistryFixture before) {
    tokens.putAll(before.tokens);
    names.putAll(before.names);
  }

  void deliver(Packet packet, InetSocketAddress from) {
    transport.deliver(packet, from);
  }

  /** {@code name} ACKs {@code packet} from {@code from} with its token. */
  void ack(Packet.Request packet, String name, InetSocketAddress from) {
    deliver(new Ack(packet.id(), name, token(name)), from);
  }

  <P extends Packet> P expectSent(Class<P> type, InetSocketAddress to) {
    P packet = transport.expectSent(type, to);
    seen.add(packet);
    return packet;
  }

  void expectAck(InetSocketAddress to, long id) {
    Ack ack = expectSent(Ack.class, to);
    assertEquals(id, ack.id());
    assertEquals("server", ack.from());
  }

  void expectError(InetSocketAddress to, long id, String message) {
    ErrorReply error = expectSent(ErrorReply.class, to);
    assertEquals(id, error.id());
    assertEquals(message, error.message());
    assertNull(error.table());
  }

  /**
   * The next datagram is a table_update to {@code to}, in one part, with the entries that changed
   * after {@code base} up to {@code version} and the token of the client there.
   */
  TableUpdate expectTableUpdate(
      InetSocketAddress to, long version, long base, String changed) {
    TableUpdate update = expectSent(TableUpdate.class, to);
    assertUpdate(update, version, base, changed, tokens.get(names.get(to)));
    return update;
  }

  /** A table_update in one part: these changes, from {@code base} to {@code version}. */
  static void assertUpdate(
      TableUpdate update, long version, long base, String changed, String token) {
    assertNotNull(token, "whose token " + update + " should carry");
    assertEquals(
        List.of(version, base, 1, 1, changed, token),
        List.of(update.version(), update.base(), update.part(), update.parts(),
            update.table().toSeedString(), update.token()),
        "version, base, part, parts, entries and token of " + update);
  }

  /** The table's seed form, for the entries a table_update carries. */
  static String entries(ClientEntry... entries) {
    return ClientTable.of(List.of(entries)).toSeedString();
  }

  static ClientEntry online(String name, InetSocketAddress at) {
    return ClientEntry.at(name, at, true);
  }

  static ClientEntry offline(String name, InetSocketAddress at) {
    return ClientEntry.at(name, at, false);
  }

  /** The next datagrams: a table_update broadcast and what rounds send meanwhile ({@link Interleaved}). */
  Interleaved expectInterleaved(int updates, int others) {
    return Interleaved.next(transport, updates, others);
  }

  /**
   * What the server sends, in order, until it has been quiet for a moment: for requests of
   * several clients at once, which their entities answer each in its own time.
   */
  List<Transport.Send> sentUntilQuiet() {
    List<Transport.Send> sends = new ArrayList<>();
    while (true) {
      Transport.Command next;
      try {
        next = transport.sent.receiveMessage(QUIET);
      } catch (AssertionError quiet) {
        return sends;
      }
      if (next instanceof Transport.Send send) {
        sends.add(send);
        seen.add(send.packet());
      }
    }
  }

  /** The packets of {@code type} among {@code sends} that went to {@code to}, in order. */
  static <P extends Packet> List<P> sentTo(
      List<Transport.Send> sends, Class<P> type, InetSocketAddress to) {
    List<P> packets = new ArrayList<>();
    for (Transport.Send send : sends) {
      if (type.isInstance(send.packet()) && send.to().equals(to)) {
        packets.add(type.cast(send.packet()));
      }
    }
    return packets;
  }

  void expectTablePrinted(String table) {
    console.expectLines(TABLE_UPDATED, table);
  }

  void expectNothingSent() {
    transport.sent.expectNoMessage(QUIET);
  }

  void timeout() {
    time.timePasses(settings.ackTimeout());
  }

  /**
   * A client found silent may be alive, so it is offered its mailbox as after reg; a client that
   * is gone never ACKs it: it goes out request-attempts times, then the server gives up.
   */
  OfflineMessages expectMailboxOfferedInVain(InetSocketAddress to) {
    return expectMailboxOfferedInVain(expectSent(OfflineMessages.class, to), to);
  }

  /** {@link #expectMailboxOfferedInVain(InetSocketAddress)}, its first offer already read. */
  OfflineMessages expectMailboxOfferedInVain(OfflineMessages offer, InetSocketAddress to) {
    for (int attempt = 2; attempt <= settings.requestAttempts(); attempt++) {
      timeout();
      assertEquals(offer, expectSent(OfflineMessages.class, to), "attempt " + attempt);
    }
    timeout();
    return offer;
  }

  /** Nothing more on the wire or the console, even after every timeout has run out. */
  void expectNothingMore() {
    expectNothingSent();
    time.timePasses(settings.ackTimeout().multipliedBy(settings.requestAttempts() + 1));
    expectNothingSent();
    console.expectNoMoreLines();
  }
}
