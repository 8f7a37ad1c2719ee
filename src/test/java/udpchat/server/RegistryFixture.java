package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import udpchat.NodeExit;
import udpchat.config.ChatSettings;
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
  final ActorRef<RegistryActor.Command> server;
  private final ActorTestKit testKit;
  private final ManualTime time;
  private final Map<String, String> tokens = new HashMap<>();
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
    this.transport = new ProbeTransport(testKit);
    TestProbe<NodeExit> exits = testKit.createTestProbe(NodeExit.class);
    this.server =
        testKit.spawn(
            RegistryActor.create(
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

  static RegistrySnapshot inspect(ActorTestKit testKit, ActorRef<RegistryActor.Command> server) {
    TestProbe<RegistrySnapshot> probe = testKit.createTestProbe(RegistrySnapshot.class);
    server.tell(new RegistryActor.Inspect(probe.ref()));
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
   * Registers a new name: the table is printed, the registrant confirmed (its token kept), and
   * each of {@code others} gets the table.
   */
  ConfReg register(String name, InetSocketAddress from, InetSocketAddress... others) {
    long id = nextId();
    transport.deliver(new Freg(id, new NamePort(name, from.getPort())), from);
    console.expectLines(TABLE_UPDATED);
    console.nextLine();
    ConfReg confirmed = transport.expectSent(ConfReg.class, from);
    assertEquals(id, confirmed.id());
    tokens.put(name, confirmed.token());
    for (InetSocketAddress other : others) {
      transport.expectSent(TableUpdate.class, other);
    }
    return confirmed;
  }

  /** Keeps a token a client got outside {@link #register} (a restart). */
  void remember(String name, String token) {
    tokens.put(name, token);
  }

  void deliver(Packet packet, InetSocketAddress from) {
    transport.deliver(packet, from);
  }

  /** {@code name} ACKs {@code packet} from {@code from} with its token. */
  void ack(Packet.Request packet, String name, InetSocketAddress from) {
    deliver(new Ack(packet.id(), name, token(name)), from);
  }

  <P extends Packet> P expectSent(Class<P> type, InetSocketAddress to) {
    return transport.expectSent(type, to);
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
    OfflineMessages offer = expectSent(OfflineMessages.class, to);
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
