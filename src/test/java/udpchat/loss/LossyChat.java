package udpchat.loss;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import udpchat.client.ClientActor;
import udpchat.client.ClientOptions;
import udpchat.config.ChatSettings;
import udpchat.metrics.MetricsSettings;
import udpchat.metrics.ServerMetrics;
import udpchat.protocol.PacketCodec;
import udpchat.server.ChatServer;
import udpchat.server.RegistryJournal;
import udpchat.testing.sim.LinkRule;
import udpchat.testing.sim.SimNetwork;
import udpchat.testing.sim.SimWorld;

/**
 * A server and its clients, the real node actors, on a simulated network where every link (client
 * to server and client to client) is lossy: it loses, duplicates and delays datagrams, so they
 * also overtake each other. One thread and virtual time ({@link SimWorld}): with the same seed the
 * run is the same every time.
 *
 * <p>A lossy link loses the same datagram (same bytes, same direction) at most {@link
 * LinkRule.Lossy#MAX_LOSSES_PER_DATAGRAM} times, so outside an outage ({@link #outage}) a request
 * to the server, tried five times (a to_offline six), always gets through; a datagram sent once (a
 * direct message, a group message to one recipient, a status check, and their answers) gets no
 * such help.
 */
final class LossyChat implements AutoCloseable {
  static final Instant START = Instant.parse("2024-05-17T09:00:00Z");
  static final int SERVER_PORT = 5000;
  /** The server, where a link's end is named. */
  static final String SERVER = "server";
  private static final int FIRST_CLIENT_PORT = 4000;

  private final SimWorld world = new SimWorld(START);
  private final ChatSettings settings = simSettings();
  private final SimNetwork network;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, Transcript> transcripts = new HashMap<>();
  private final Map<String, ActorRef<ClientActor.Command>> running = new HashMap<>();
  /** Clients whose current process has ended by itself (after "[Server not responding]"). */
  private final Set<String> exited = ConcurrentHashMap.newKeySet();
  /** Clients whose last process ended by itself, not killed. */
  private final Set<String> exitedByItself = ConcurrentHashMap.newKeySet();
  /** Per client, where in its transcript a process started after the one before exited. */
  private final Map<String, List<Integer>> startsAfterExit = new HashMap<>();
  private final Transcript server = new Transcript();
  private final ServerMetrics metrics = ServerMetrics.forPrometheus();
  private int processes;

  /**
   * Starts the server on {@link #SERVER_PORT} and makes every link between it and the clients
   * {@code names} lossy: a datagram is lost with {@code dropRate}, else delivered twice with {@code
   * duplicateRate}, each copy after a random delay up to {@code maxDelay}. The clients are not
   * started yet.
   */
  LossyChat(
      long seed, List<String> names, double dropRate, double duplicateRate, Duration maxDelay) {
    network = new SimNetwork(world.testKit(), new PacketCodec(settings.maxDatagramBytes()), seed);
    for (int i = 0; i < names.size(); i++) {
      ports.put(names.get(i), FIRST_CLIENT_PORT + i);
      transcripts.put(names.get(i), new Transcript());
    }
    List<InetSocketAddress> nodes = new ArrayList<>();
    nodes.add(SimNetwork.address(SERVER_PORT));
    ports.values().forEach(port -> nodes.add(SimNetwork.address(port)));
    world.run(
        () -> {
          for (int a = 0; a < nodes.size(); a++) {
            for (int b = a + 1; b < nodes.size(); b++) {
              network.add(
                  new LinkRule.Lossy(
                      nodes.get(a), nodes.get(b), dropRate, duplicateRate, maxDelay));
            }
          }
        });
    world.spawn(
        ChatServer.create(
            SERVER_PORT, settings, server, world.clock(), network, exit -> {},
            RegistryJournal.fresh(), metrics, MetricsSettings.DEFAULTS),
        "server");
  }

  /** The built-in settings (ACK timeout 500 ms, five tries, one direct try) on the one host. */
  private static ChatSettings simSettings() {
    ChatSettings defaults = ChatSettings.defaults();
    return new ChatSettings(
        defaults.ackTimeout(),
        defaults.requestAttempts(),
        defaults.directAttempts(),
        defaults.maxDatagramBytes(),
        defaults.recentIds(),
        SimNetwork.HOST.getHostAddress(),
        defaults.limits());
  }

  /** Starts a client process, or starts it again from the same address after it ended. */
  void start(String name) {
    ClientOptions options =
        new ClientOptions(name, SimNetwork.address(SERVER_PORT), ports.get(name));
    if (exitedByItself.remove(name)) {
      startsAfterExit.computeIfAbsent(name, n -> new ArrayList<>())
          .add(transcripts.get(name).size());
    }
    exited.remove(name);
    running.put(
        name,
        world.spawn(
            ClientActor.create(
                options,
                settings,
                transcripts.get(name),
                world.clock(),
                network,
                exit -> {
                  exitedByItself.add(name);
                  exited.add(name);
                },
                Optional.empty()),
            name + "-" + ++processes));
  }

  /**
   * Takes the link between two nodes (client names, or {@link #SERVER} for the server) down for
   * {@code lasting}: everything {@code a} sends {@code b} is lost, and what {@code b} sends {@code
   * a} too when {@code bothWays}.
   */
  void outage(String a, String b, boolean bothWays, Duration lasting) {
    world.run(() -> network.outage(addressOf(a), addressOf(b), bothWays, lasting));
  }

  private InetSocketAddress addressOf(String node) {
    return SimNetwork.address(node.equals(SERVER) ? SERVER_PORT : ports.get(node));
  }

  /**
   * Who the server's table says is online, from the last table it printed (in full: the table is
   * small), by name.
   */
  Map<String, Boolean> serverTable() {
    return server.lastTable();
  }

  /**
   * The messages in all the server's mailboxes, as its metrics last read them (the registry
   * reports them every {@code udpchat.metrics.refresh-every}, 5 s).
   */
  long storedMessages() {
    return (long) metrics.prometheus().orElseThrow()
        .get("udpchat.mailbox.messages").gauge().value();
  }

  void type(String name, String line) {
    world.tell(running.get(name), new ClientActor.Typed(line));
  }

  /** A silent leave: the process ends without a word to anyone. */
  void kill(String name) {
    if (!exited.contains(name)) {
      world.stop(running.get(name));
    }
    exited.add(name);
  }

  boolean hasExited(String name) {
    return exited.contains(name);
  }

  Transcript transcript(String name) {
    return transcripts.get(name);
  }

  /**
   * Per client, the transcript positions where a process started whose predecessor had exited by
   * itself ("[Server not responding]"): it remembers nothing of what that one showed.
   */
  Map<String, List<Integer>> startsAfterExit() {
    Map<String, List<Integer>> copy = new HashMap<>();
    startsAfterExit.forEach((name, starts) -> copy.put(name, List.copyOf(starts)));
    return copy;
  }

  Transcript serverTranscript() {
    return server;
  }

  void tick() {
    world.tick();
  }

  void advance(Duration amount) {
    world.advance(amount);
  }

  long virtualMillis() {
    return world.virtualMillis();
  }

  @Override
  public void close() {
    world.close();
  }
}
