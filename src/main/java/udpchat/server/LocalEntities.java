package udpchat.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;

/**
 * The entity host of a single server: it takes the same {@link ShardingEnvelope}s that Cluster
 * Sharding takes and runs each entity as its child, started on its first message. A single node
 * needs no cluster (no remoting port, no membership to form), so it starts at once; with cluster
 * settings the node uses Cluster Sharding instead, with the same entity code.
 */
final class LocalEntities {

  private LocalEntities() {}

  /** {@code entity} makes the entity of an id, given the host to reach its peers through. */
  static <M> Behavior<ShardingEnvelope<M>> create(
      BiFunction<String, ActorRef<ShardingEnvelope<M>>, Behavior<M>> entity) {
    return Behaviors.setup(context -> hosting(new HashMap<>(), entity));
  }

  private static <M> Behavior<ShardingEnvelope<M>> hosting(
      Map<String, ActorRef<M>> running,
      BiFunction<String, ActorRef<ShardingEnvelope<M>>, Behavior<M>> entity) {
    return Behaviors.setup(context -> Behaviors.<ShardingEnvelope<M>>receiveMessage(envelope -> {
      ActorRef<M> target = running.computeIfAbsent(envelope.entityId(),
          id -> context.spawn(entity.apply(id, context.getSelf()),
              URLEncoder.encode(id, StandardCharsets.UTF_8)));
      target.tell(envelope.message());
      return Behaviors.same();
    }));
  }
}
