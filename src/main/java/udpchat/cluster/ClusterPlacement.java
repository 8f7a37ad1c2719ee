package udpchat.cluster;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import udpchat.server.ChatServer;
import udpchat.server.ClientEntity;
import udpchat.server.ClientProtocol;
import udpchat.server.Directory;
import udpchat.server.EntityHost;
import udpchat.server.Gateway;
import udpchat.server.ServerSettings;

/**
 * A server node in a Pekko cluster: the {@link Directory} is a cluster singleton (on the oldest
 * node, moving to the next oldest when that one leaves or is downed, its table recovered from
 * the shared journal), and the client entities are sharded over the nodes by Cluster Sharding
 * (an entity moves when its node goes, and recovers its state from the journal where it lands).
 * Every node has a gateway of its own: the entities a node hosts send their clients' packets
 * through it.
 */
public final class ClusterPlacement implements ChatServer.Placement {

  @Override
  public ActorRef<Directory.Command> directory(
      ActorContext<?> context, Behavior<Directory.Command> directory) {
    return ClusterSingleton.get(context.getSystem()).init(
        SingletonActor.of(directory, "directory").withStopMessage(Directory.HandOver.INSTANCE));
  }

  @Override
  public EntityHost entities(ServerSettings settings, ActorRef<Directory.Command> directory) {
    return (gatewayContext, gateway) -> region(gatewayContext.getSystem(), settings, directory,
        gateway);
  }

  /**
   * The shard region of the client entities. An entity reaches its peers through the region, and
   * is made only once the region exists (its first envelope goes through it), so the reference is
   * set before any entity reads it.
   */
  private static ActorRef<ShardingEnvelope<ClientEntity.Command>> region(
      ActorSystem<?> system, ServerSettings settings, ActorRef<Directory.Command> directory,
      ActorRef<Gateway.Command> gateway) {
    AtomicReference<ActorRef<ShardingEnvelope<ClientEntity.Command>>> region =
        new AtomicReference<>();
    region.set(ClusterSharding.get(system).init(Entity.of(ClientEntity.TYPE_KEY, entity ->
            ChatServer.onServer(ClientEntity.Command.class, ClientEntity.create(
                entity.getEntityId(), entity.getShard(),
                new ClientProtocol.Wiring(settings, directory, gateway, region.get()))))
        .withStopMessage(ClientEntity.Stop.INSTANCE)));
    return region.get();
  }
}
