package udpchat.server;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;
import udpchat.protocol.Packet;
import udpchat.protocol.Packet.ErrorReply;
import udpchat.protocol.Packet.ToOffline;
import udpchat.protocol.ProtocolError;
import udpchat.protocol.StoredMessage;
import udpchat.server.ClientProtocol.IsOnline;
import udpchat.server.ClientProtocol.MailboxFull;
import udpchat.server.ClientProtocol.StoreReply;

/**
 * A short-lived child of the gateway for one {@code to_offline}: the sender's peer did not answer
 * it. The recipient's entity stores the message if the client is offline; if it is online, a
 * status check decides: answered, the sender is told the recipient exists (with its entry, to try
 * again); unanswered, the message is stored and the recipient presumed gone. The sender's entity
 * then gives the answer, which it writes nothing for: the stored message carries the request's id,
 * so the recipient's entity knows a retry of it (also after a crash) and answers it stored again.
 */
final class OfflineDelivery {

  sealed interface Command {}

  private record StoreAnswered(StoreReply reply) implements Command {}

  private record Checked(Gateway.Pushed pushed) implements Command {}

  private record Silent(ClientEntity.Silenced silenced) implements Command {}

  /** The requester has its answer: the recipient's change and mailbox may follow. */
  private record Answered(Directory.Report change, boolean offer) implements Command {}

  private enum TimedOut implements Command { INSTANCE }

  /**
   * How long the entities may take to store and answer (a journal that is down, a crashed node's
   * entities not moved yet): after it the request is abandoned, and its retry acted on afresh.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private OfflineDelivery() {}

  static Behavior<Command> create(
      ToOffline request,
      ActorRef<ShardingEnvelope<ClientEntity.Command>> entities,
      ActorRef<Gateway.Command> gateway,
      ActorRef<Directory.Command> directory) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startSingleTimer(TimedOut.INSTANCE, TIMEOUT);
      StoredMessage direct =
          StoredMessage.direct(request.nameFrom(), request.timestamp(), request.message());
      // The recipient may have shown the msg tried first, with only its ACK lost. Without one, the
      // to_offline's own id (the sender's, never sent to the recipient) names the entry.
      StoredMessage message =
          direct.shownAs(request.msgId() == null ? request.id() : request.msgId());
      ActorRef<StoreReply> answers =
          context.messageAdapter(StoreReply.class, StoreAnswered::new);
      entities.tell(new ShardingEnvelope<>(request.nameTo(),
          new ClientEntity.Store(message, true, requestOf(request), answers)));
      return storing(context, request, message, entities, gateway, directory);
    }));
  }

  private static Behavior<Command> storing(
      ActorContext<Command> context, ToOffline request, StoredMessage message,
      ActorRef<ShardingEnvelope<ClientEntity.Command>> entities,
      ActorRef<Gateway.Command> gateway,
      ActorRef<Directory.Command> directory) {
    return Behaviors.receive(Command.class)
        .onMessageEquals(TimedOut.INSTANCE, () -> {
          context.getLog().error("to_offline id {} from {} for {}: not answered in {}",
              request.id(), request.nameFrom(), request.nameTo(), TIMEOUT);
          entities.tell(new ShardingEnvelope<>(request.nameFrom(),
              new ClientEntity.Abandoned(request.id())));
          return Behaviors.stopped();
        })
        .onMessage(StoreAnswered.class, answered -> {
          if (answered.reply() instanceof IsOnline online) {
            context.getLog().info("{} says {} did not answer: checking its status",
                request.nameFrom(), request.nameTo());
            gateway.tell(new Gateway.Deliver(new Push.StatusProbe(), List.of(online.target()), 1,
                context.messageAdapter(Gateway.Pushed.class, Checked::new)));
            return Behaviors.same();
          }
          finish(context, request, !(answered.reply() instanceof MailboxFull), null, false,
              entities);
          return Behaviors.same();
        })
        .onMessage(Silent.class, silent -> {
          Directory.Report change = silent.silenced().change();
          finish(context, request, silent.silenced().stored(), change, silent.silenced().stored(),
              entities);
          return Behaviors.same();
        })
        .onMessage(Answered.class, answered -> {
          // The requester has its answer before the table shows the recipient offline.
          if (answered.change() != null) {
            directory.tell(answered.change());
          }
          if (answered.offer()) {
            entities.tell(new ShardingEnvelope<>(request.nameTo(),
                ClientEntity.OfferMailbox.INSTANCE));
          }
          return Behaviors.stopped();
        })
        .onMessage(Checked.class, checked -> {
          if (!checked.pushed().outcome().unanswered().isEmpty()) {
            DeliveryRound.Recipient silent = checked.pushed().outcome().unanswered().get(0);
            context.getLog().info("{} did not answer its status check: offline",
                request.nameTo());
            entities.tell(new ShardingEnvelope<>(request.nameTo(), new ClientEntity.Missed(
                message, silent.session(), requestOf(request),
                context.messageAdapter(ClientEntity.Silenced.class, Silent::new))));
            return Behaviors.same();
          }
          DeliveryRound.Recipient answered = checked.pushed().outcome().answered().get(0);
          context.getLog().info("{} answered its status check: telling {} it exists",
              request.nameTo(), request.nameFrom());
          // Only the recipient's entry: the sender needs its address, and a whole table may not fit.
          ClientTable entry = ClientTable.of(List.of(
              ClientEntry.at(request.nameTo(), answered.address(), true)));
          Packet exists = new ErrorReply(request.id(),
              ProtocolError.CLIENT_EXISTS.message(request.nameTo()), entry);
          entities.tell(new ShardingEnvelope<>(request.nameFrom(),
              new ClientEntity.Finish(request.id(), exists, false,
                  context.getSystem().ignoreRef())));
          return Behaviors.stopped();
        })
        .build();
  }

  private static ClientEvent.SenderRequest requestOf(ToOffline request) {
    return new ClientEvent.SenderRequest(request.nameFrom(), request.id());
  }

  /**
   * The sender's entity answers: ACK once stored, else the mailbox is full;
   * then the recipient's {@code change}, if any, goes to the directory, and its mailbox to it.
   */
  private static void finish(
      ActorContext<Command> context, ToOffline request, boolean stored,
      Directory.Report change, boolean offer,
      ActorRef<ShardingEnvelope<ClientEntity.Command>> entities) {
    Packet reply = stored
        ? Requests.ack(request.id())
        : ErrorReply.of(request.id(), ProtocolError.MAILBOX_FULL.message(request.nameTo()));
    entities.tell(new ShardingEnvelope<>(request.nameFrom(), new ClientEntity.Finish(
        request.id(), reply, false,
        context.messageAdapter(Done.class, done -> new Answered(change, offer)))));
  }
}
