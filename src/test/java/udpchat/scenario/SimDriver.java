package udpchat.scenario;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import udpchat.NodeExit;
import udpchat.client.ClientActor;
import udpchat.client.ClientOptions;
import udpchat.config.ChatSettings;
import udpchat.console.Console;
import udpchat.diagram.TraceLine;
import udpchat.protocol.PacketCodec;
import udpchat.server.ChatServer;
import udpchat.testing.sim.LinkRule;
import udpchat.testing.sim.SimNetwork;
import udpchat.testing.sim.SimWorld;
import udpchat.testing.sim.TraceRecorder;

/**
 * Runs a scenario in-process and deterministically: the real node actors in a {@link SimWorld}
 * (one thread, virtual time, a clock that starts at 23:32:00), talking over a {@link SimNetwork}.
 * After each step virtual time moves on in small ticks only until the expected lines are there,
 * so timeouts and retries cost no real time.
 */
public final class SimDriver implements ScenarioDriver {
  public static final Instant START = Instant.parse("2024-05-17T23:32:00Z");
  /** Where injected datagrams come from: an address no node uses. */
  public static final InetSocketAddress OUTSIDER = SimNetwork.address(9999);
  /** Fixes every random decision of the network (loss, duplicates, delays). */
  public static final long NETWORK_SEED = 1;

  private static final Duration STEP_PATIENCE = Duration.ofSeconds(30);
  private static final Duration SETTLE = Duration.ofSeconds(10);

  private final SimWorld world = new SimWorld(START);
  private final ChatSettings settings = simSettings();
  /** The run's packet trace, in virtual time: what its diagram is drawn from. */
  private final TraceRecorder trace = new TraceRecorder(world.clock());
  private final SimNetwork network =
      new SimNetwork(world.testKit(), new PacketCodec(settings.maxDatagramBytes()), NETWORK_SEED,
          Optional.of(trace));
  private final Transcripts transcripts = new Transcripts();
  private final Map<String, ActorRef<ClientActor.Command>> clients = new HashMap<>();
  private ActorRef<ChatServer.Command> server;
  /** Nodes whose current incarnation has ended by itself: there is nothing left to stop. */
  private final Set<String> exited = ConcurrentHashMap.newKeySet();
  private int spawned;

  /** The built-in settings, on the simulated network's one host. */
  private static ChatSettings simSettings() {
    ChatSettings defaults = ChatSettings.defaults();
    return new ChatSettings(
        defaults.ackTimeout(),
        defaults.requestAttempts(),
        defaults.directAttempts(),
        defaults.maxDatagramBytes(),
        defaults.recentIds(),
        SimNetwork.HOST.getHostAddress());
  }

  @Override
  public void startServer(int port) {
    String node = ScenarioParser.SERVER;
    exited.remove(node);
    trace.bound(node, SimNetwork.address(port));
    server =
        world.spawn(
            ChatServer.create(
                port, settings, console(node), world.clock(), network, onExit(node)),
            "server-" + ++spawned);
  }

  @Override
  public void startClient(String node, String chatName, int port, int serverPort) {
    ClientOptions options = new ClientOptions(chatName, SimNetwork.address(serverPort), port);
    exited.remove(node);
    trace.bound(node, SimNetwork.address(port));
    clients.put(
        node,
        world.spawn(
            ClientActor.create(
                options,
                settings,
                console(node),
                world.clock(),
                network,
                onExit(node),
                Optional.empty()),
            "client-" + node + "-" + ++spawned));
  }

  private Consumer<NodeExit> onExit(String node) {
    return exit -> {
      exited.add(node);
      transcripts.exited(node, exit.status());
    };
  }

  @Override
  public void type(String node, String line) {
    trace.typed(node, line);
    world.tell(clients.get(node), new ClientActor.Typed(line));
  }

  @Override
  public void closeInput(String node) {
    world.tell(clients.get(node), new ClientActor.EndOfInput());
  }

  @Override
  public void kill(String node) {
    if (!exited.contains(node)) {
      world.stop(node.equals(ScenarioParser.SERVER) ? server : clients.get(node));
    }
  }

  /** In-process, stopping the server and killing it look the same: its actor stops. */
  @Override
  public void stopServer() {
    kill(ScenarioParser.SERVER);
  }

  @Override
  public void pass(Duration amount) {
    world.advance(amount);
  }

  @Override
  public void inject(String node, int port, byte[] bytes) {
    world.run(() -> network.inject(SimNetwork.address(port), OUTSIDER, bytes));
  }

  @Override
  public void net(NetChange change, Map<String, Integer> ports) {
    NetRules rules = new NetRules(ports);
    if (change instanceof NetChange.Heal heal) {
      world.run(
          () ->
              heal.node()
                  .ifPresentOrElse(node -> network.heal(rules.address(node)), network::healAll));
    } else if (change instanceof NetChange.Outage outage) {
      world.run(
          () ->
              network.outage(
                  rules.address(outage.a()), rules.address(outage.b()), outage.bothWays(),
                  outage.lasting()));
    } else {
      LinkRule rule = rules.toRule(change);
      world.run(() -> network.add(rule));
    }
  }

  @Override
  public boolean awaitLines(Map<String, Integer> counts) {
    return world.advanceUntil(() -> transcripts.reached(counts), STEP_PATIENCE);
  }

  @Override
  public void settle() {
    world.advance(SETTLE);
  }

  @Override
  public Transcripts transcripts() {
    return transcripts;
  }

  /** The packet trace and the people's lines so far, as the nodes' logs would have them. */
  public List<TraceLine> trace() {
    return trace.lines();
  }

  /** The node's transcript, whose lines also go to the trace, as a real node logs them. */
  private Console console(String node) {
    Console transcript = transcripts.console(node);
    return new Console() {
      @Override
      public void line(String text) {
        transcript.line(text);
        trace.printed(node, Console.PROMPT + text);
      }

      @Override
      public void raw(String text) {
        transcript.raw(text);
        trace.printed(node, text);
      }
    };
  }

  @Override
  public void close() {
    world.close();
  }
}
