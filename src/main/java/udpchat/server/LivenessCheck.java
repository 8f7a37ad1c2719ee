package udpchat.server;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import udpchat.server.DeliveryRound.Recipient;

/**
 * A short-lived child of the gateway after a restart: the clients that were online may have gone
 * meanwhile, so each gets a status check, retried like a request. Until one goes unanswered the
 * client counts as online; the ones that never answer are marked offline together, so the table
 * is printed and broadcast once.
 */
final class LivenessCheck {

  private LivenessCheck() {}

  static Behavior<Gateway.Pushed> create(
      List<Gateway.Target> online, int attempts,
      ActorRef<Gateway.Command> gateway,
      ActorRef<ShardingEnvelope<ClientProtocol.Command>> entities,
      ActorRef<Directory.Command> directory) {
    return Behaviors.setup(context -> {
      context.getLog().info("{} clients were online before the restart: checking they still are",
          online.size());
      gateway.tell(new Gateway.Deliver(new Push.StatusProbe(), online, attempts,
          context.getSelf()));
      return Behaviors.receive(Gateway.Pushed.class)
          .onMessage(Gateway.Pushed.class, checked -> {
            List<SilenceRelay.Silent> silent = new ArrayList<>();
            for (Recipient recipient : checked.outcome().unanswered()) {
              context.getLog().info("{} did not answer since the restart: offline",
                  recipient.name());
              silent.add(new SilenceRelay.Silent(recipient.name(), null, recipient.session()));
            }
            if (silent.isEmpty()) {
              return Behaviors.stopped();
            }
            // A child stops with its parent: this one waits for the relay to finish.
            context.watch(context.spawnAnonymous(ChatServer.onServer(
                SilenceRelay.Command.class, SilenceRelay.create(silent, entities, directory))));
            return Behaviors.receive(Gateway.Pushed.class)
                .onSignal(Terminated.class, relayDone -> Behaviors.stopped())
                .build();
          })
          .build();
    });
  }
}
