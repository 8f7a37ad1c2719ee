package udpchat.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The entity host of a single server: it takes the same {@link ShardingEnvelope}s that Cluster
 * Sharding takes and runs each entity as its child, started on its first message. A single node
 * needs no cluster (no remoting port, no membership to form), so it starts at once; with cluster
 * settings the node uses Cluster Sharding instead, with the same entity code.
 *
 * <p>Passivation keeps Cluster Sharding's contract: an entity asks to stop with {@link
 * ClusterSharding.Passivate} sent to the ref it was given, is sent its stop message, and what
 * arrives for it until it has stopped waits here and starts its next incarnation.
 */
final class LocalEntities<M> {

  /** Makes the entity of {@code id}; {@code shard} takes its passivation, {@code host} its peers'. */
  @FunctionalInterface
  interface EntityFactory<M> {
    Behavior<M> create(String id, ActorRef<ClusterSharding.ShardCommand> shard,
        ActorRef<ShardingEnvelope<M>> host);
  }

  private final ActorContext<Object> context;
  private final EntityFactory<M> factory;
  private final M stopMessage;
  private final Map<String, ActorRef<M>> running = new HashMap<>();
  private final Map<ActorRef<M>, String> ids = new HashMap<>();
  /** Entities told to stop, with what arrived for them since, oldest first. */
  private final Map<String, List<M>> stopping = new HashMap<>();

  /** {@code stopMessage} is what an entity that asked to passivate is sent, to stop itself. */
  static <M> Behavior<ShardingEnvelope<M>> create(EntityFactory<M> factory, M stopMessage) {
    return Behaviors.setup(context -> new LocalEntities<>(context, factory, stopMessage).hosting())
        .narrow();
  }

  private LocalEntities(ActorContext<Object> context, EntityFactory<M> factory, M stopMessage) {
    this.context = context;
    this.factory = factory;
    this.stopMessage = stopMessage;
  }

  private Behavior<Object> hosting() {
    return Behaviors.receive(Object.class)
        .onMessage(ShardingEnvelope.class, this::onEnvelope)
        .onMessage(ClusterSharding.Passivate.class, this::onPassivate)
        .onSignal(Terminated.class, this::onTerminated)
        .build();
  }

  private Behavior<Object> onEnvelope(ShardingEnvelope<?> untyped) {
    @SuppressWarnings("unchecked")
    ShardingEnvelope<M> envelope = (ShardingEnvelope<M>) untyped;
    List<M> waiting = stopping.get(envelope.entityId());
    if (waiting != null) {
      waiting.add(envelope.message());
    } else {
      running.computeIfAbsent(envelope.entityId(), this::start).tell(envelope.message());
    }
    return Behaviors.same();
  }

  private Behavior<Object> onPassivate(ClusterSharding.Passivate<?> passivate) {
    String id = ids.get(passivate.entity());
    if (id != null && !stopping.containsKey(id)) {
      stopping.put(id, new ArrayList<>());
      running.get(id).tell(stopMessage);
    }
    return Behaviors.same();
  }

  /** Stopped (passivated, or failed): what arrived meanwhile starts it again. */
  private Behavior<Object> onTerminated(Terminated terminated) {
    String id = ids.remove(terminated.getRef());
    if (id == null) {
      return Behaviors.same();
    }
    running.remove(id);
    List<M> waiting = stopping.remove(id);
    if (waiting != null && !waiting.isEmpty()) {
      ActorRef<M> next = start(id);
      running.put(id, next);
      waiting.forEach(next::tell);
    }
    return Behaviors.same();
  }

  private ActorRef<M> start(String id) {
    ActorRef<M> entity = context.spawn(
        factory.create(id, context.getSelf().narrow(), context.getSelf().narrow()),
        URLEncoder.encode(id, StandardCharsets.UTF_8));
    context.watch(entity);
    ids.put(entity, id);
    return entity;
  }
}
