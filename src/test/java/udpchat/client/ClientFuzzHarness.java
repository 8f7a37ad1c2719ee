package udpchat.client;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import udpchat.NodeExit;
import udpchat.config.ChatSettings;
import udpchat.console.ConsoleLines;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;
import udpchat.protocol.MalformedPacketException;
import udpchat.protocol.Packet;
import udpchat.protocol.PacketCodec;
import udpchat.protocol.StoredMessage;
import udpchat.testing.BufferConsole;
import udpchat.testing.FuzzInput;
import udpchat.testing.FuzzStep;
import udpchat.testing.RecordingTransport;
import udpchat.transport.Transport;

/**
 * One fuzz run against a live client "x": it registers (and, for an offline run, deregisters), then
 * turns each {@link FuzzStep} into a datagram from the server, a peer or a stranger and sends it
 * through the real codec. Beside it runs a model of what a person must see: each delivery that the
 * client may accept (the right address, the session token, online or not) shown exactly once.
 */
final class ClientFuzzHarness {
  /** What a step sends; the step's {@code kind} picks one, modulo their number. */
  enum Kind {
    GARBAGE, MSG, GROUP_CHAT, RECEIPT, OFFLINE_MESSAGES, STATUS_CHECK, TABLE_UPDATE, STRAY_REPLY,
    STRANGER, REPLAY
  }

  static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 5000);
  static final String TOKEN = "fuzzed-client-session0";
  private static final InetSocketAddress X = new InetSocketAddress("127.0.0.1", 3333);
  private static final List<String> NAMES = List.of("x", "y", "z", "w");
  private static final List<InetSocketAddress> PEERS =
      List.of(
          X, at(1111), at(1122), at(1133), at(1112), at(4444),
          new InetSocketAddress("10.0.0.1", 1111));
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);

  private final PacketCodec codec;
  private final RecordingTransport transport;
  private final ActorTestKit testKit;
  final BufferConsole console = new BufferConsole();
  final ActorRef<ClientActor.Command> client;
  final AtomicReference<NodeExit> exit = new AtomicReference<>();

  // the model
  private ClientTable table;
  private long tableVersion;
  private boolean online = true;
  private final Set<String> shown = new HashSet<>();
  private final List<String> expected = new ArrayList<>();
  private final Set<InetSocketAddress> everListed = new HashSet<>();
  private final List<byte[]> history = new ArrayList<>();
  private final List<InetSocketAddress> historyFrom = new ArrayList<>();
  private long nextId = 1;
  private int unique;

  ClientFuzzHarness(ActorTestKit testKit, ChatSettings settings) {
    this.testKit = testKit;
    this.codec = new PacketCodec(settings.maxDatagramBytes());
    this.transport = new RecordingTransport(codec);
    this.client =
        testKit.spawn(
            ClientActor.create(
                new ClientOptions("x", SERVER, 3333),
                settings,
                console,
                CLOCK,
                transport,
                exit::set,
                Optional.empty()));
  }

  private static InetSocketAddress at(int port) {
    return new InetSocketAddress("127.0.0.1", port);
  }

  /** Registers with x, y and z in the table; an offline run then deregisters. */
  void start(boolean offline) {
    transport.bound(X);
    Packet.Freg freg = (Packet.Freg) awaitSent(Packet.Freg.class);
    table =
        ClientTable.of(
            List.of(
                ClientEntry.at("x", X, true),
                ClientEntry.at("y", PEERS.get(1), true),
                ClientEntry.at("z", PEERS.get(2), false)));
    everListed.addAll(List.of(X, PEERS.get(1), PEERS.get(2)));
    send(new Packet.ConfReg(freg.id(), table, TOKEN), SERVER);
    console.expectLines(">>> " + ConsoleLines.welcome());
    if (offline) {
      client.tell(new ClientActor.Typed("dereg"));
      Packet.Dereg dereg = (Packet.Dereg) awaitSent(Packet.Dereg.class);
      send(new Packet.Ack(dereg.id(), "server"), SERVER);
      console.expectLines(">>> " + ConsoleLines.offlineBye());
      online = false;
    }
  }

  void run(FuzzStep step) {
    Kind kind = Kind.values()[step.kind() % Kind.values().length];
    if (kind == Kind.REPLAY && !history.isEmpty()) {
      int pick = step.randomId() % history.size();
      deliver(history.get(pick), historyFrom.get(pick));
    } else if (kind == Kind.GARBAGE) {
      deliver(step.garbage(), peer(step));
    } else {
      Packet packet = build(kind, step);
      InetSocketAddress from = isFromServer(kind) && step.from() < 12 ? SERVER : peer(step);
      deliver(FuzzInput.mutate(codec.encode(packet), step.mutations()), from);
    }
  }

  /** Everything a person must have seen, then {@code list} showing the table of the model. */
  List<String> expectedLines() {
    List<String> lines = new ArrayList<>(expected);
    table
        .entries()
        .values()
        .forEach(e -> lines.add(ConsoleLines.listEntry(e.name(), e.ip(), e.port(), e.online())));
    return lines.stream().map(line -> ">>> " + line).toList();
  }

  /** Types {@code list} and reads what the console shows up to its last line. */
  List<String> actualLines() {
    client.tell(new ClientActor.Typed("list"));
    List<String> lines = new ArrayList<>();
    int count = expected.size() + table.size();
    for (int i = 0; i < count; i++) {
      lines.add(console.nextLine());
    }
    return lines;
  }

  /** Every datagram the client sent went to the server or to an address a table listed. */
  void checkDestinations() {
    for (Transport.Send send : transport.drain()) {
      assertTrue(
          send.to().equals(SERVER) || everListed.contains(send.to()),
          "sent to " + send.to() + ": " + send.packet());
    }
  }

  void stop() {
    testKit.stop(client);
  }

  // ---- building packets --------------------------------------------------------------------

  private static boolean isFromServer(Kind kind) {
    return kind != Kind.MSG && kind != Kind.STRANGER;
  }

  private Packet build(Kind kind, FuzzStep step) {
    String name = NAMES.get(step.who() % NAMES.size());
    long id = step.id() == 0 ? nextId++ : step.randomId();
    String token = token(step);
    return switch (kind) {
      case MSG -> new Packet.DirectMessage(id, name, text(step));
      case GROUP_CHAT -> new Packet.GroupChat(id, name, text(step), token);
      case RECEIPT -> new Packet.Receipt(id, name, uniqueTime(), token);
      case OFFLINE_MESSAGES -> offlineMessages(id, step, token);
      case STATUS_CHECK -> new Packet.StatusCheck(id, token);
      case TABLE_UPDATE -> new Packet.TableUpdate(newTable(step), token);
      case STRAY_REPLY -> strayReply(id, step);
      default -> step.stranger();
    };
  }

  private String token(FuzzStep step) {
    return switch (step.token()) {
      case 0, 3 -> TOKEN;
      case 1 -> null;
      default -> "made-up-token-00000000";
    };
  }

  private Packet offlineMessages(long id, FuzzStep step, String token) {
    List<StoredMessage> messages = new ArrayList<>();
    for (int i = 0; i < step.randomId() % 4; i++) {
      String from = NAMES.get((step.who() + i) % NAMES.size());
      messages.add(
          switch ((step.randomId() + i) % 3) {
            case 0 -> StoredMessage.direct(from, uniqueTime(), text(step));
            case 1 -> StoredMessage.group(from, uniqueTime(), text(step));
            default -> StoredMessage.receipt(from, uniqueTime());
          });
    }
    return new Packet.OfflineMessages(id, messages, step.randomId() % 5 == 0, token);
  }

  /** y and z, sometimes moved or gone, sometimes w; x where it is. */
  private ClientTable newTable(FuzzStep step) {
    int choice = step.randomId();
    Map<String, ClientEntry> entries = new LinkedHashMap<>();
    entries.put("x", ClientEntry.at("x", X, true));
    entries.put("y", ClientEntry.at("y", PEERS.get(choice % 2 == 0 ? 1 : 4), choice % 3 != 0));
    if (choice % 5 != 0) {
      entries.put("z", ClientEntry.at("z", PEERS.get(2), choice % 7 != 0));
    }
    if (choice % 4 == 0) {
      entries.put("w", ClientEntry.at("w", PEERS.get(3), true));
    }
    return ClientTable.of(entries);
  }

  private Packet strayReply(long id, FuzzStep step) {
    return switch (step.randomId() % 4) {
      case 0 -> new Packet.Ack(id, "server");
      case 1 -> Packet.ErrorReply.of(id, text(step));
      case 2 -> new Packet.ConfReg(id, newTable(step), TOKEN);
      default -> new Packet.NoReg(id, "[Invalid Name]");
    };
  }

  private InetSocketAddress peer(FuzzStep step) {
    if (step.from() < 12) {
      InetSocketAddress listed =
          table.get(NAMES.get(step.who() % NAMES.size())).map(ClientEntry::address).orElse(null);
      if (listed != null) {
        return listed;
      }
    }
    return PEERS.get(step.from() % PEERS.size());
  }

  private String text(FuzzStep step) {
    return step.text() + "#" + unique++;
  }

  private String uniqueTime() {
    int second = unique++ % 86_400;
    return String.format("%02d:%02d:%02d", second / 3600, second / 60 % 60, second % 60);
  }

  // ---- the wire and the model ----------------------------------------------------------------

  private void send(Packet packet, InetSocketAddress from) {
    transport.deliver(codec.encode(packet), from);
  }

  private void deliver(byte[] bytes, InetSocketAddress from) {
    history.add(bytes);
    historyFrom.add(from);
    try {
      expect(codec.decode(bytes), from);
    } catch (MalformedPacketException e) {
      // the client gets it as Rejected: nothing to see
    }
    transport.deliver(bytes, from);
  }

  /** What a person must see when {@code packet} arrives from {@code from}. */
  private void expect(Packet packet, InetSocketAddress from) {
    boolean fromServer = from.equals(SERVER);
    if (fromServer && pushToken(packet).isPresent() && !TOKEN.equals(pushToken(packet).get())) {
      return;
    }
    if (packet instanceof Packet.TableUpdate update && fromServer) {
      takeTable(update);
      update.table().entries().values().forEach(e -> everListed.add(e.address()));
    } else if (packet instanceof Packet.OfflineMessages mailbox && fromServer) {
      List<String> lines = new ArrayList<>();
      if (!mailbox.offlineMessages().isEmpty() && !mailbox.isContinuation()) {
        lines.add(ConsoleLines.youHaveOfflineMessages());
      }
      mailbox.offlineMessages().forEach(m -> lines.add(Inbox.lineFor(m)));
      once(from, mailbox.id(), lines);
    } else if (!online) {
      return;
    } else if (packet instanceof Packet.DirectMessage direct) {
      boolean listedThere = table.get(direct.nameFrom()).map(e -> e.isAt(from)).orElse(false);
      if (listedThere) {
        once(from, direct.id(),
            List.of(ConsoleLines.incomingDirect(direct.nameFrom(), direct.msg())));
      }
    } else if (packet instanceof Packet.GroupChat group && fromServer) {
      once(from, group.id(), List.of(ConsoleLines.incomingGroup(group.name(), group.message())));
    } else if (packet instanceof Packet.Receipt receipt && fromServer) {
      once(from, receipt.id(),
          List.of(ConsoleLines.offlineReceipt(receipt.timestamp(), receipt.name())));
    }
  }

  /**
   * The versions decide, not the order of arrival: a whole table at or after the version held
   * replaces it, changes that start at or before it are merged; an older one, one that starts after
   * a gap, or a lone part of several (a mutation can make any of them) changes nothing.
   */
  private void takeTable(Packet.TableUpdate update) {
    boolean stale = update.version() < tableVersion
        || (update.version() == tableVersion && update.base() != 0);
    if (stale || update.base() > tableVersion || update.parts() != 1) {
      return;
    }
    Map<String, ClientEntry> entries =
        new LinkedHashMap<>(update.base() == 0 ? Map.of() : table.entries());
    entries.putAll(update.table().entries());
    table = ClientTable.of(entries);
    tableVersion = update.version();
  }

  /** The token of a packet the server sends unasked; empty for any other packet. */
  private static Optional<String> pushToken(Packet packet) {
    return packet instanceof Packet.ServerPush push
        ? Optional.of(push.token() == null ? "" : push.token())
        : Optional.empty();
  }

  private void once(InetSocketAddress from, long id, List<String> lines) {
    if (shown.add(from + "/" + id)) {
      expected.addAll(lines);
    }
  }

  private Packet awaitSent(Class<? extends Packet> type) {
    while (true) {
      Transport.Send send = transport.next(Duration.ofSeconds(5));
      assertNotNull(send, "the client never sent a " + type.getSimpleName());
      if (type.isInstance(send.packet())) {
        return send.packet();
      }
    }
  }
}
