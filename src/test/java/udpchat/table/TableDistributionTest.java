package udpchat.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import udpchat.client.ClientActor;
import udpchat.client.ClientOptions;
import udpchat.config.ChatLimits;
import udpchat.config.ChatSettings;
import udpchat.console.ConsoleLines;
import udpchat.protocol.PacketCodec;
import udpchat.server.ChatServer;
import udpchat.testing.BufferConsole;
import udpchat.testing.sim.LinkRule;
import udpchat.testing.sim.SimNetwork;
import udpchat.testing.sim.SimWorld;

/**
 * The client table travels in parts when it does not fit in one datagram, then only its changes
 * do; a client that loses a part or a change asks for what it is missing and ends up with the
 * server's table. Real server and clients on the simulated network, with datagrams of at most
 * 1,024 bytes, so a table of a few dozen clients already needs several.
 */
class TableDistributionTest {
  private static final int SERVER_PORT = 5000;
  private static final InetSocketAddress SERVER = SimNetwork.address(SERVER_PORT);
  private static final Duration SETTLE = Duration.ofSeconds(5);

  private final SimWorld world = new SimWorld(Instant.parse("2024-05-17T23:32:00Z"));
  private final ChatSettings settings = smallDatagrams();
  private final SimNetwork network =
      new SimNetwork(world.testKit(), new PacketCodec(settings.maxDatagramBytes()), 1);
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, Boolean> online = new LinkedHashMap<>();
  private final Map<String, BufferConsole> consoles = new HashMap<>();
  private final Map<String, ActorRef<ClientActor.Command>> clients = new HashMap<>();

  TableDistributionTest() {
    world.spawn(
        ChatServer.create(
            SERVER_PORT, settings, new BufferConsole(), world.clock(), network, exit -> {}),
        "server");
  }

  @AfterEach
  void stopWorld() {
    world.close();
  }

  private static ChatSettings smallDatagrams() {
    ChatSettings defaults = ChatSettings.defaults();
    return new ChatSettings(
        defaults.ackTimeout(),
        defaults.requestAttempts(),
        defaults.directAttempts(),
        1024,
        defaults.recentIds(),
        SimNetwork.HOST.getHostAddress(),
        new ChatLimits(80, 1000, 100_000));
  }

  private int port(String name) {
    return ports.computeIfAbsent(name, n -> 4000 + ports.size());
  }

  private void start(String name) {
    int port = port(name);
    online.put(name, true);
    BufferConsole console = new BufferConsole();
    consoles.put(name, console);
    clients.put(
        name,
        world.spawn(
            ClientActor.create(
                new ClientOptions(name, SERVER, port),
                settings,
                console,
                world.clock(),
                network,
                exit -> {},
                Optional.empty()),
            name));
  }

  private List<String> startMany(int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "client-with-a-long-name-%03d".formatted(i);
      start(name);
      names.add(name);
    }
    world.advance(SETTLE);
    return names;
  }

  private void dereg(String name) {
    world.tell(clients.get(name), new ClientActor.Typed("dereg"));
    online.put(name, false);
    world.advance(Duration.ofSeconds(1));
  }

  private void drop(String name, int times) {
    world.run(() -> network.add(new LinkRule.Drop(new LinkRule.Match(
        Optional.of(SERVER), Optional.of(SimNetwork.address(port(name))),
        Optional.of("table_update")), times)));
  }

  /** The server's table as {@code list} prints it: every client, in registration order. */
  private List<String> serversTable() {
    List<String> lines = new ArrayList<>();
    ports.forEach((name, port) -> lines.add(">>> " + ConsoleLines.listEntry(
        name, SimNetwork.HOST.getHostAddress(), port, online.get(name))));
    return lines;
  }

  /** What {@code list} prints on {@code name}'s console. */
  private List<String> listOf(String name) {
    BufferConsole console = consoles.get(name);
    int before = console.lines().size();
    world.tell(clients.get(name), new ClientActor.Typed("list"));
    List<String> lines = console.lines();
    return lines.subList(before, lines.size());
  }

  @Test
  void aTableTooBigForOneDatagramArrivesWholeInParts() {
    startMany(60);
    start("late");
    world.advance(SETTLE);
    assertEquals(serversTable(), listOf("late"));
    assertEquals(serversTable(), listOf("client-with-a-long-name-000"));
  }

  @Test
  void aLostPartIsAskedForAgain() {
    startMany(60);
    drop("late", 2);
    start("late");
    world.advance(SETTLE);
    assertEquals(serversTable(), listOf("late"));
  }

  @Test
  void aLostChangeIsNoticedAtTheNextOneAndCaughtUp() {
    List<String> names = startMany(30);
    start("watcher");
    world.advance(SETTLE);
    drop("watcher", 1);
    dereg(names.get(3));
    dereg(names.get(7));
    world.advance(SETTLE);
    assertEquals(serversTable(), listOf("watcher"));
  }

  @Test
  void changesAfterRegistrationReachEveryOnlineClient() {
    List<String> names = startMany(40);
    dereg(names.get(0));
    dereg(names.get(39));
    start("late");
    world.advance(SETTLE);
    for (String name : List.of("late", names.get(1), names.get(38))) {
      assertEquals(serversTable(), listOf(name), name);
    }
  }
}
