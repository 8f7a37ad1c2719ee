package udpchat.server;

import java.time.Duration;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * A client's entity that has had no message for {@code idle} asks its host to passivate it
 * ({@link ClusterSharding.Passivate}, the same under {@link LocalEntities} and Cluster Sharding),
 * unless it says it is busy; the host then sends it {@link ClientProtocol.Stop}. Every message but
 * the timer's own tick starts the idle time again.
 */
final class IdlePassivation
    extends BehaviorInterceptor<ClientProtocol.Command, ClientProtocol.Command> {

  /** The idle time is up: the entity decides with {@link #idle}. */
  enum Idle implements ClientProtocol.Command { INSTANCE }

  private final TimerScheduler<ClientProtocol.Command> timers;
  private final Duration idle;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final ActorRef<ClientProtocol.Command> self;

  private IdlePassivation(TimerScheduler<ClientProtocol.Command> timers, Duration idle,
      ActorRef<ClusterSharding.ShardCommand> shard, ActorRef<ClientProtocol.Command> self) {
    super(ClientProtocol.Command.class);
    this.timers = timers;
    this.idle = idle;
    this.shard = shard;
    this.self = self;
  }

  /** {@code entity}, made with its passivation, passivated through {@code shard} when idle. */
  static Behavior<ClientProtocol.Command> around(
      ActorRef<ClusterSharding.ShardCommand> shard, Duration idle,
      Function<IdlePassivation, Behavior<ClientProtocol.Command>> entity) {
    return Behaviors.withTimers(timers -> Behaviors.setup(context -> {
      IdlePassivation passivation = new IdlePassivation(timers, idle, shard, context.getSelf());
      passivation.restart();
      return Behaviors.intercept(() -> passivation, entity.apply(passivation));
    }));
  }

  @Override
  public Behavior<ClientProtocol.Command> aroundReceive(
      TypedActorContext<ClientProtocol.Command> context, ClientProtocol.Command message,
      ReceiveTarget<ClientProtocol.Command> target) {
    if (message != Idle.INSTANCE) {
      restart();
    }
    return target.apply(context, message);
  }

  /** No message for the idle time: passivated, unless {@code busy} (then another idle time). */
  void idle(boolean busy) {
    if (busy) {
      restart();
    } else {
      shard.tell(new ClusterSharding.Passivate<>(self));
    }
  }

  private void restart() {
    timers.startSingleTimer(Idle.INSTANCE, idle);
  }
}
