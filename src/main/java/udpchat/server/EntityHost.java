package udpchat.server;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;

/**
 * Where a node's client entities run: started by the node's gateway, which the entities send
 * their clients' packets through. Either way the gateway talks to them in {@link
 * ShardingEnvelope}s: {@link LocalEntities} on a single node, Cluster Sharding in a cluster.
 */
@FunctionalInterface
public interface EntityHost {
  ActorRef<ShardingEnvelope<ClientEntity.Command>> start(
      ActorContext<?> gatewayContext, ActorRef<Gateway.Command> gateway);
}
