package udpchat.server;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import udpchat.protocol.StoredMessage;
import udpchat.server.ClientProtocol.DeliveryEnded;
import udpchat.server.ClientProtocol.PartDelivered;

/**
 * A short-lived child of a client's entity that delivers its mailbox, in as many parts as it
 * takes, each retried like a request, the next only once the one before is ACKed. It tells the
 * entity each part that was ACKed (the entity writes that it left the mailbox), and then that it
 * is done; a part never ACKed ends the delivery, and what is left stays for the next one.
 */
final class MailboxDelivery {

  private MailboxDelivery() {}

  static Behavior<Gateway.Pushed> create(
      Gateway.Target client,
      List<List<StoredMessage>> parts,
      int attempts,
      ActorRef<Gateway.Command> gateway,
      ActorRef<ClientEntity.Command> entity) {
    return Behaviors.setup(context -> {
      gateway.tell(new Gateway.Deliver(new Push.MailboxPart(parts.get(0), false), List.of(client),
          attempts, context.getSelf()));
      return delivering(client, parts, 0, attempts, gateway, entity);
    });
  }

  /** Part {@code index} is on its way. */
  private static Behavior<Gateway.Pushed> delivering(
      Gateway.Target client,
      List<List<StoredMessage>> parts,
      int index,
      int attempts,
      ActorRef<Gateway.Command> gateway,
      ActorRef<ClientEntity.Command> entity) {
    return Behaviors.setup(context -> Behaviors.receive(Gateway.Pushed.class)
        .onMessage(Gateway.Pushed.class, pushed -> {
          if (!pushed.outcome().unanswered().isEmpty()) {
            entity.tell(new DeliveryEnded(client.token(), false));
            return Behaviors.stopped();
          }
          entity.tell(new PartDelivered(client.token(), parts.get(index)));
          int next = index + 1;
          if (next == parts.size()) {
            entity.tell(new DeliveryEnded(client.token(), true));
            return Behaviors.stopped();
          }
          gateway.tell(new Gateway.Deliver(new Push.MailboxPart(parts.get(next), true),
              List.of(client), attempts, context.getSelf()));
          return delivering(client, parts, next, attempts, gateway, entity);
        })
        .build());
  }
}
