package udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import udpchat.NodeExit;
import udpchat.config.ChatSettings;
import udpchat.console.LineSource;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;
import udpchat.protocol.Packet;
import udpchat.testing.BufferConsole;
import udpchat.testing.ProbeTransport;

/**
 * One client "x" on port 3333 under test, with its server at 127.0.0.1:5000 and a peer "y" at
 * 127.0.0.1:1111. Time is manual, the clock is fixed at {@link #T}, the socket is a probe, and the
 * process exit lands on {@link #exits}.
 */
final class ClientFixture {
  static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 5000);
  static final InetSocketAddress X = new InetSocketAddress("127.0.0.1", 3333);
  static final InetSocketAddress Y = new InetSocketAddress("127.0.0.1", 1111);
  static final String T = "23:32:21";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T" + T + "Z"), ZoneOffset.UTC);
  static final ChatSettings SETTINGS = ChatSettings.defaults();
  static final Duration ACK_TIMEOUT = SETTINGS.ackTimeout();
  /** The session token the server gives x at registration. */
  static final String TOKEN = "x-session-token-012345";

  final BufferConsole console = new BufferConsole();
  final ProbeTransport transport;
  final TestProbe<NodeExit> exits;
  final ActorRef<ClientActor.Command> client;
  private final ManualTime time;

  ClientFixture(ActorTestKit testKit, ManualTime time) {
    this(testKit, time, Optional.empty());
  }

  ClientFixture(ActorTestKit testKit, ManualTime time, Optional<LineSource> input) {
    this(testKit, time, input, List.of(SERVER), SETTINGS);
  }

  /** A client of several servers, {@code servers} in the order it is given them. */
  ClientFixture(ActorTestKit testKit, ManualTime time, List<InetSocketAddress> servers) {
    this(testKit, time, Optional.empty(), servers, SETTINGS);
  }

  /** The same with other settings. */
  ClientFixture(ActorTestKit testKit, ManualTime time, List<InetSocketAddress> servers,
      ChatSettings settings) {
    this(testKit, time, Optional.empty(), servers, settings);
  }

  private ClientFixture(
      ActorTestKit testKit,
      ManualTime time,
      Optional<LineSource> input,
      List<InetSocketAddress> servers,
      ChatSettings settings) {
    this.time = time;
    this.transport = new ProbeTransport(testKit);
    this.exits = testKit.createTestProbe(NodeExit.class);
    this.client =
        testKit.spawn(
            ClientActor.create(
                new ClientOptions("x", servers, 3333),
                settings,
                console,
                CLOCK,
                transport,
                exits.ref()::tell,
                input));
  }

  static ClientEntry entry(String name, InetSocketAddress at, boolean online) {
    return ClientEntry.at(name, at, online);
  }

  /** x and y, both online. */
  static ClientTable xAndY() {
    return table(entry("x", X, true), entry("y", Y, true));
  }

  static ClientTable table(ClientEntry... entries) {
    return ClientTable.of(List.of(entries));
  }

  /** The socket binds; returns the freg that goes out. */
  Packet.Freg bind() {
    transport.bound(X);
    return transport.expectSent(Packet.Freg.class, SERVER);
  }

  /** Binds and registers with {@code table}, past the welcome line. */
  ClientFixture registered(ClientTable table) {
    Packet.Freg freg = bind();
    fromServer(new Packet.ConfReg(freg.id(), table, TOKEN));
    console.expectLines(">>> [Welcome, You are registered.]");
    return this;
  }

  /** Registered with x and y online, then deregistered: offline. */
  ClientFixture offline() {
    registered(xAndY());
    type("dereg");
    ackFromServer(sentToServer(Packet.Dereg.class).id());
    console.expectLines(">>> [You are Offline. Bye.]");
    return this;
  }

  void type(String line) {
    client.tell(new ClientActor.Typed(line));
  }

  void fromServer(Packet packet) {
    transport.deliver(packet, SERVER);
  }

  void ackFromServer(long id) {
    fromServer(new Packet.Ack(id, "server"));
  }

  <P extends Packet> P sentToServer(Class<P> type) {
    return transport.expectSent(type, SERVER);
  }

  /** One ACK timeout of virtual time passes. */
  void ackTimeoutPasses() {
    time.timePasses(ACK_TIMEOUT);
  }

  /** The request goes out {@code attempts} times with one id, one ACK timeout apart. */
  <P extends Packet.Request> P expectRetried(Class<P> type, InetSocketAddress to, int attempts) {
    P first = transport.expectSent(type, to);
    for (int attempt = 2; attempt <= attempts; attempt++) {
      ackTimeoutPasses();
      assertEquals(first, transport.expectSent(type, to), "attempt " + attempt);
    }
    return first;
  }

  /**
   * Nothing goes out on the socket during {@code virtual} time, nor in a short real-time grace
   * period after it (the client works on its own thread).
   */
  void expectNothingSent(Duration virtual) {
    time.expectNoMessageFor(virtual, transport.sent);
    transport.sent.expectNoMessage(Duration.ofMillis(150));
  }

  /** The client asks the process to end with {@code exit} and stops. */
  void expectExit(NodeExit exit) {
    exits.expectMessage(exit);
    exits.expectTerminated(client);
  }

  /** A request to the server that is never answered: 5 sends, then the client gives up. */
  void expectServerNotResponding(Class<? extends Packet.Request> type) {
    expectServerNotResponding(type, SETTINGS.requestAttempts());
  }

  /** A request to the server that is never answered: sent {@code attempts} times, then given up. */
  void expectServerNotResponding(Class<? extends Packet.Request> type, int attempts) {
    expectRetried(type, SERVER, attempts);
    ackTimeoutPasses();
    console.expectLines(">>> [Server not responding]", ">>> [Exiting]");
    expectExit(NodeExit.failed());
    expectNothingSent(ACK_TIMEOUT.multipliedBy(2));
  }
}
