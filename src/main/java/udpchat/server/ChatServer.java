package udpchat.server;

import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import udpchat.NodeExit;
import udpchat.config.ChatSettings;
import udpchat.console.Console;
import udpchat.metrics.MetricsSettings;
import udpchat.metrics.ServerMetrics;
import udpchat.transport.TransportFactory;

/**
 * A single server node (SPEC §5): the {@link Directory} of the client table, one {@link
 * ClientEntity} per registered name in a {@link LocalEntities} host, and the {@link Gateway} that
 * owns the UDP socket. The gateway opens the socket once the directory has recovered its table;
 * each entity recovers its own state when it is first needed.
 */
public final class ChatServer {

  public sealed interface Command {}

  /** For tests: the server's state as it is now. */
  public record Inspect(ActorRef<RegistrySnapshot> replyTo) implements Command {}

  static final Map<String, String> MDC = Map.of("node", "server");

  private ChatServer() {}

  /**
   * A server that starts empty (tests, simulations): its events go to the configured journal
   * under a prefix never used before, so nothing is recovered.
   */
  public static Behavior<Command> create(
      int port, ChatSettings settings, Console console, Clock clock,
      TransportFactory transport, Consumer<NodeExit> onExit) {
    return create(port, settings, console, clock, transport, onExit, RegistryJournal.fresh());
  }

  /** A server that recovers what {@code journal} holds, and writes its events there. */
  public static Behavior<Command> create(
      int port, ChatSettings settings, Console console, Clock clock,
      TransportFactory transport, Consumer<NodeExit> onExit, RegistryJournal journal) {
    return create(port, settings, console, clock, transport, onExit, journal,
        ServerMetrics.inMemory(), MetricsSettings.DEFAULTS);
  }

  /**
   * A server that also counts what it does in {@code metrics} (give its transport the same
   * metrics to count datagrams) and logs their summary as {@code metricsSettings} say.
   */
  public static Behavior<Command> create(
      int port, ChatSettings chat, Console console, Clock clock,
      TransportFactory transport, Consumer<NodeExit> onExit, RegistryJournal journal,
      ServerMetrics metrics, MetricsSettings metricsSettings) {
    return create(port, chat, console, clock, transport, onExit, journal, metrics,
        metricsSettings, SINGLE_NODE);
  }

  /** A server node whose directory and entities run where {@code placement} puts them. */
  public static Behavior<Command> create(
      int port, ChatSettings chat, Console console, Clock clock,
      TransportFactory transport, Consumer<NodeExit> onExit, RegistryJournal journal,
      ServerMetrics metrics, MetricsSettings metricsSettings, Placement placement) {
    ServerSettings settings = ServerSettings.of(chat, journal, metrics);
    return Behaviors.setup(context -> {
      context.getLog().debug("replaying the journal of {}", journal.prefix());
      ActorRef<Directory.Command> directory = placement.directory(context,
          onServer(Directory.Command.class, Directory.create(journal,
              chat.limits().maxClients())));
      ActorRef<Gateway.Command> gateway = context.spawn(onServer(Gateway.Command.class,
          Gateway.create(port, settings, console, clock, transport, onExit, metricsSettings,
              directory, placement.entities(settings, directory))), "gateway");
      // Without its gateway the node is deaf: it stops with it (its reason is already given).
      context.watch(gateway);
      return Behaviors.receive(Command.class)
          .onMessage(Inspect.class, inspect -> {
            gateway.tell(new Gateway.Inspect(inspect.replyTo()));
            return Behaviors.same();
          })
          .onSignal(Terminated.class, terminated -> Behaviors.stopped())
          .build();
    });
  }

  /**
   * Where a node's directory and client entities run: its own children on a single node; in a
   * cluster, the directory is a cluster singleton and the entities are sharded over the nodes.
   */
  public interface Placement {
    ActorRef<Directory.Command> directory(
        ActorContext<?> context, Behavior<Directory.Command> directory);

    EntityHost entities(ServerSettings settings, ActorRef<Directory.Command> directory);
  }

  /** A single node: the directory and every entity are children of this node's actors. */
  public static final Placement SINGLE_NODE = new Placement() {
    @Override
    public ActorRef<Directory.Command> directory(
        ActorContext<?> context, Behavior<Directory.Command> directory) {
      return context.spawn(directory, "directory");
    }

    @Override
    public EntityHost entities(ServerSettings settings, ActorRef<Directory.Command> directory) {
      return (gatewayContext, gateway) -> gatewayContext.spawn(
          LocalEntities.<ClientEntity.Command>create((name, shard, entities) ->
              onServer(ClientEntity.Command.class, ClientEntity.create(name, shard,
                  new ClientEntity.Wiring(settings, directory, gateway, entities))),
              ClientEntity.Stop.INSTANCE),
          "clients");
    }
  };

  /** Every line a server actor logs says it is the server's. */
  public static <T> Behavior<T> onServer(Class<T> type, Behavior<T> behavior) {
    return Behaviors.withMdc(type, MDC, behavior);
  }
}
