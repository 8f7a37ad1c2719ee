package udpchat.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import udpchat.protocol.StoredMessage;
import udpchat.server.ClientProtocol.Silenced;

/**
 * A short-lived child for the clients that did not answer one round: it tells each one's entity
 * what it missed, and once all have written it, reports the ones that went silent to the
 * directory in one message, so the table changes (and is printed and broadcast) once, as the
 * round ended once. Then each is offered its mailbox (it may only have lost its ACK).
 */
final class SilenceRelay {

  /** A client that did not answer {@code session}'s packet, and what the packet carried. */
  record Silent(String client, StoredMessage missed, String session) {}

  sealed interface Command {}

  private record Answered(Silenced silenced) implements Command {}

  private enum TimedOut implements Command { INSTANCE }

  /** How long the entities may take to write: longer means a journal that is down. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private SilenceRelay() {}

  static Behavior<Command> create(
      List<Silent> silent,
      ActorRef<ShardingEnvelope<ClientEntity.Command>> entities,
      ActorRef<Directory.Command> directory) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      ActorRef<Silenced> answers = context.messageAdapter(Silenced.class, Answered::new);
      Set<String> waiting = new HashSet<>();
      for (Silent client : silent) {
        waiting.add(client.client());
        entities.tell(new ShardingEnvelope<>(client.client(),
            new ClientEntity.Missed(client.missed(), client.session(), answers)));
      }
      timers.startSingleTimer(TimedOut.INSTANCE, TIMEOUT);
      return collecting(context, waiting, new ArrayList<>(), directory, entities);
    }));
  }

  private static Behavior<Command> collecting(
      ActorContext<Command> context, Set<String> waiting, List<Silenced> answers,
      ActorRef<Directory.Command> directory,
      ActorRef<ShardingEnvelope<ClientEntity.Command>> entities) {
    if (waiting.isEmpty()) {
      return report(answers, directory, entities);
    }
    return Behaviors.receive(Command.class)
        .onMessage(Answered.class, answered -> {
          waiting.remove(answered.silenced().client());
          answers.add(answered.silenced());
          return collecting(context, waiting, answers, directory, entities);
        })
        .onMessageEquals(TimedOut.INSTANCE, () -> {
          context.getLog().error("{} silent clients' entities did not answer in {}: {}",
              waiting.size(), TIMEOUT, waiting);
          return report(answers, directory, entities);
        })
        .build();
  }

  private static Behavior<Command> report(
      List<Silenced> answers, ActorRef<Directory.Command> directory,
      ActorRef<ShardingEnvelope<ClientEntity.Command>> entities) {
    List<Directory.Report> changes = new ArrayList<>();
    answers.forEach(answer -> {
      if (answer.change() != null) {
        changes.add(answer.change());
      }
    });
    if (!changes.isEmpty()) {
      directory.tell(new Directory.ReportAll(changes));
    }
    answers.forEach(answer -> {
      if (answer.stored()) {
        entities.tell(new ShardingEnvelope<>(answer.client(), ClientEntity.OfferMailbox.INSTANCE));
      }
    });
    return Behaviors.stopped();
  }
}
