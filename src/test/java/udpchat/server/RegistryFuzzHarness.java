package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import udpchat.NodeExit;
import udpchat.config.ChatSettings;
import udpchat.console.Console;
import udpchat.protocol.MalformedPacketException;
import udpchat.protocol.NamePort;
import udpchat.protocol.Packet;
import udpchat.protocol.PacketCodec;
import udpchat.testing.FuzzInput;
import udpchat.testing.FuzzStep;
import udpchat.testing.RecordingTransport;
import udpchat.transport.Transport;

/**
 * One fuzz run against a live registry: it registers a few clients, then turns each {@link
 * FuzzStep} into a datagram (with the session tokens and ids it has seen go by) and sends it
 * through the real codec. Time is real and the ACK timeout short, so the server's rounds time out
 * and retry while datagrams arrive; a step with a pause waits until every round has ended. The
 * harness remembers every request it delivered that decoded, so the test can bound how often any
 * message may be stored.
 */
final class RegistryFuzzHarness {
  /** What a step sends; the step's {@code kind} picks one, modulo their number. */
  enum Kind {
    GARBAGE, FREG, DEREG, REG, GROUP_CHAT, TO_OFFLINE, ACK, STATUS_CONFIRM, STRANGER, REPLAY
  }

  static final List<String> NAMES = List.of("x", "y", "z", "w", "v", "u", "t");
  private static final InetSocketAddress STRANGER = new InetSocketAddress("127.0.0.1", 4444);
  private static final InetSocketAddress OTHER_HOST = new InetSocketAddress("10.0.0.1", 2000);
  private static final String MADE_UP_TOKEN = "made-up-token-00000000";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);

  private final ActorTestKit testKit;
  private final TestProbe<RegistrySnapshot> inspector;
  private final ChatSettings settings;
  private final PacketCodec codec;
  private final RecordingTransport transport;
  final ActorRef<ChatServer.Command> server;

  private final Map<String, String> tokens = new HashMap<>();
  private final Map<Long, String> fregNames = new HashMap<>();
  private final List<Packet.Request> awaited = new ArrayList<>();
  private final Map<Packet.Request, InetSocketAddress> awaitedAt = new HashMap<>();
  private final List<Delivered> history = new ArrayList<>();
  private final Map<InetSocketAddress, List<Long>> idsUsed = new HashMap<>();
  /** Every request that decoded and reached the server, as (source, packet). */
  final List<Delivered> requests = new ArrayList<>();
  private long nextId = 1;
  private int unique;
  private int decoded;

  record Delivered(byte[] bytes, InetSocketAddress from, Packet packet) {}

  RegistryFuzzHarness(ActorTestKit testKit, ChatSettings settings) {
    this.testKit = testKit;
    this.inspector = testKit.createTestProbe(RegistrySnapshot.class);
    this.settings = settings;
    this.codec = new PacketCodec(settings.maxDatagramBytes());
    this.transport = new RecordingTransport(codec);
    Console quiet =
        new Console() {
          @Override
          public void line(String text) {}

          @Override
          public void raw(String text) {}
        };
    this.server =
        testKit.spawn(
            ChatServer.create(
                5000, settings, quiet, CLOCK, transport, (NodeExit exit) -> {}));
    transport.bound(new InetSocketAddress("0.0.0.0", 5000));
  }

  static InetSocketAddress addressOf(int client) {
    return new InetSocketAddress("127.0.0.1", 2000 + client);
  }

  /**
   * Registers the first {@code count} names, each from its own address, keeps the tokens, and
   * takes the last one offline, so a run starts with someone to store messages for.
   */
  void registerFirst(int count) {
    for (int client = 0; client < count; client++) {
      long id = nextId++;
      fregNames.put(id, NAMES.get(client));
      send(new Packet.Freg(id, new NamePort(NAMES.get(client), 2000 + client)), addressOf(client));
      while (!tokens.containsKey(NAMES.get(client))) {
        Transport.Send send = transport.next(Duration.ofSeconds(5));
        assertNotNull(send, "no conf_reg for " + NAMES.get(client));
        observe(send);
      }
    }
    String last = NAMES.get(count - 1);
    send(new Packet.Dereg(nextId++, last, tokens.get(last)), addressOf(count - 1));
  }

  void run(FuzzStep step) {
    transport.drain().forEach(this::observe);
    Kind kind = Kind.values()[step.kind() % Kind.values().length];
    if (kind == Kind.REPLAY && !history.isEmpty()) {
      Delivered earlier = history.get(step.randomId() % history.size());
      deliver(earlier.bytes(), earlier.from());
    } else if (kind == Kind.GARBAGE) {
      deliver(step.garbage(), from(step));
    } else {
      Packet packet = build(kind, step);
      byte[] bytes = FuzzInput.mutate(codec.encode(packet), step.mutations());
      deliver(bytes, from(step));
    }
    if (step.pause() > 0) {
      settled();
    }
  }

  /**
   * Waits until every round the server started has ended (each ends after its last timeout at
   * the latest) and returns the registry's state then; its answering shows it is alive.
   */
  RegistrySnapshot settled() {
    Duration longestRound = settings.ackTimeout().multipliedBy(settings.requestAttempts() + 1);
    long deadline = System.nanoTime() + longestRound.multipliedBy(20).toNanos();
    RegistrySnapshot snapshot = inspect();
    while (snapshot.awaiting() > 0 && System.nanoTime() < deadline) {
      // A mailbox in parts is a chain of rounds; each is sure to end within longestRound.
      inspector.expectNoMessage(settings.ackTimeout());
      snapshot = inspect();
    }
    return snapshot;
  }

  /** How many of the run's datagrams decoded (the rest reached the server as rejected). */
  int decoded() {
    return decoded;
  }

  RegistrySnapshot inspect() {
    server.tell(new ChatServer.Inspect(inspector.ref()));
    try {
      return inspector.receiveMessage(Duration.ofSeconds(5));
    } catch (AssertionError e) {
      throw new AssertionError("the registry does not answer: it has stopped or hangs", e);
    }
  }

  void stop() {
    testKit.stop(server);
  }

  // ---- building packets --------------------------------------------------------------------

  private Packet build(Kind kind, FuzzStep step) {
    String name = NAMES.get(step.who() % NAMES.size());
    long id = id(step, from(step));
    return switch (kind) {
      case FREG -> freg(name, id, step);
      case DEREG -> new Packet.Dereg(id, name, token(name, step));
      case REG -> new Packet.Reg(id, name, token(name, step));
      case GROUP_CHAT -> new Packet.GroupChat(id, name, text(step), token(name, step));
      case TO_OFFLINE ->
          new Packet.ToOffline(
              id, name, NAMES.get(step.randomId() % NAMES.size()), uniqueTime(), text(step),
              token(name, step));
      case ACK, STATUS_CONFIRM -> answer(kind, step);
      default -> step.stranger();
    };
  }

  private Packet freg(String name, long id, FuzzStep step) {
    InetSocketAddress from = from(step);
    int port = step.randomId() % 7 == 0 ? 1024 + step.randomId() : from.getPort();
    fregNames.put(id, name);
    return new Packet.Freg(id, new NamePort(name, port));
  }

  /** An answer to one of the server's packets in flight (or to a made-up id, if none is). */
  private Packet answer(Kind kind, FuzzStep step) {
    if (awaited.isEmpty()) {
      String name = NAMES.get(step.who() % NAMES.size());
      return kind == Kind.ACK
          ? new Packet.Ack(step.randomId(), name, token(name, step))
          : new Packet.StatusConfirm(step.randomId(), name, token(name, step));
    }
    Packet.Request request = awaited.get(step.randomId() % awaited.size());
    String name = nameAt(awaitedAt.get(request));
    return kind == Kind.ACK
        ? new Packet.Ack(request.id(), name, token(name, step))
        : new Packet.StatusConfirm(request.id(), name, token(name, step));
  }

  private String nameAt(InetSocketAddress address) {
    int client = address.getPort() - 2000;
    return client >= 0 && client < NAMES.size() ? NAMES.get(client) : "x";
  }

  /** Mostly the name's own address; sometimes another client's, a stranger's, another host. */
  private InetSocketAddress from(FuzzStep step) {
    int pick = step.from();
    if (pick < 10) {
      return addressOf(step.who() % NAMES.size());
    }
    return switch (pick % 3) {
      case 0 -> STRANGER;
      case 1 -> OTHER_HOST;
      default -> addressOf(pick % NAMES.size());
    };
  }

  private String token(String name, FuzzStep step) {
    return switch (step.token()) {
      case 0 -> tokens.get(name);
      case 1 -> null;
      case 2 -> MADE_UP_TOKEN;
      default -> tokens.get(NAMES.get((NAMES.indexOf(name) + 1) % NAMES.size()));
    };
  }

  private long id(FuzzStep step, InetSocketAddress from) {
    List<Long> used = idsUsed.computeIfAbsent(from, a -> new ArrayList<>());
    long id =
        switch (step.id()) {
          case 1 -> used.isEmpty() ? nextId++ : used.get(step.randomId() % used.size());
          case 2 -> step.randomId();
          default -> nextId++;
        };
    used.add(id);
    return id;
  }

  /** The step's text made unique, so any message stored twice shows as a duplicate. */
  private String text(FuzzStep step) {
    return step.text() + "#" + unique++;
  }

  /** A timestamp no other message of the run has, so receipts are unique too. */
  private String uniqueTime() {
    int second = unique++ % 86_400;
    return String.format("%02d:%02d:%02d", second / 3600, second / 60 % 60, second % 60);
  }

  // ---- the wire ------------------------------------------------------------------------------

  private void send(Packet packet, InetSocketAddress from) {
    deliver(codec.encode(packet), from);
  }

  private void deliver(byte[] bytes, InetSocketAddress from) {
    history.add(new Delivered(bytes, from, null));
    try {
      Packet packet = codec.decode(bytes);
      decoded++;
      if (packet instanceof Packet.Request) {
        requests.add(new Delivered(bytes, from, packet));
      }
    } catch (MalformedPacketException e) {
      // the server gets it as Rejected
    }
    transport.deliver(bytes, from);
  }

  /** Learns tokens from conf_reg, and which of the server's packets wait for an answer. */
  private void observe(Transport.Send send) {
    Packet packet = send.packet();
    if (packet instanceof Packet.ConfReg confirmed && fregNames.containsKey(confirmed.id())) {
      tokens.put(fregNames.get(confirmed.id()), confirmed.token());
    } else if (packet instanceof Packet.Request request) {
      awaited.add(request);
      awaitedAt.put(request, send.to());
      if (awaited.size() > 64) {
        awaitedAt.remove(awaited.remove(0));
      }
    }
  }

  /** The (source, id) pairs of the delivered requests that match {@code filter}. */
  Set<String> distinctRequests(Predicate<Packet> filter) {
    Set<String> keys = new HashSet<>();
    for (Delivered d : requests) {
      if (filter.test(d.packet())) {
        keys.add(d.from() + "/" + ((Packet.Request) d.packet()).id());
      }
    }
    return keys;
  }
}
