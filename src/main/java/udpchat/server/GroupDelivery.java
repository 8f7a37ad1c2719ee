package udpchat.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import udpchat.protocol.Packet.GroupChat;
import udpchat.protocol.StoredMessage;
import udpchat.server.DeliveryRound.Recipient;

/**
 * A short-lived child of the gateway for one group message: it has it stored for every offline
 * recipient (their entities write in parallel), then has the sender's entity ACK it (written as
 * done when anything was stored, so a retry after a crash is not stored again), then sends it to
 * the online recipients once; the ones that do not ACK have it stored as missed.
 */
final class GroupDelivery {

  sealed interface Command {}

  private record StoreAnswered(ClientEntity.StoreReply reply) implements Command {}

  private record Acked() implements Command {}

  private record FannedOut(Gateway.Pushed pushed) implements Command {}

  private enum StoresTimedOut implements Command { INSTANCE }

  /** How long the offline recipients' entities may take to write: a journal that is down. */
  private static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);

  /**
   * @param request the sender's request, ACKed once the offline copies are written
   * @param message the message as stored, stamped with the server's time
   */
  record Group(GroupChat request, StoredMessage message, List<String> offline,
      List<Gateway.Target> online) {
    String sender() {
      return request.name();
    }

    long requestId() {
      return request.id();
    }

    Push.GroupMessage push() {
      return new Push.GroupMessage(request.name(), request.token(), request.id(),
          message.message());
    }
  }

  private final ActorContext<Command> context;
  private final Group group;
  private final ActorRef<ShardingEnvelope<ClientEntity.Command>> entities;
  private final ActorRef<Gateway.Command> gateway;
  private final ActorRef<Directory.Command> directory;

  static Behavior<Command> create(
      Group group,
      ActorRef<ShardingEnvelope<ClientEntity.Command>> entities,
      ActorRef<Gateway.Command> gateway,
      ActorRef<Directory.Command> directory) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      context.getLog().info(
          "group message from {} at {}: delivering to {} online, stored for the rest",
          group.sender(), group.message().time(), group.online().size());
      GroupDelivery delivery = new GroupDelivery(context, group, entities, gateway, directory);
      ActorRef<ClientEntity.StoreReply> answer =
          context.messageAdapter(ClientEntity.StoreReply.class, StoreAnswered::new);
      for (String client : group.offline()) {
        // Under the id its copy would have had: a client shows each entry once.
        StoredMessage copy = group.message().shownAs(group.push().idFor(client, null));
        entities.tell(new ShardingEnvelope<>(client,
            new ClientEntity.Store(copy, true, answer)));
      }
      timers.startSingleTimer(StoresTimedOut.INSTANCE, STORE_TIMEOUT);
      return delivery.storing(new HashSet<>(group.offline()), false, group.online());
    }));
  }

  private GroupDelivery(
      ActorContext<Command> context, Group group,
      ActorRef<ShardingEnvelope<ClientEntity.Command>> entities,
      ActorRef<Gateway.Command> gateway, ActorRef<Directory.Command> directory) {
    this.context = context;
    this.directory = directory;
    this.group = group;
    this.entities = entities;
    this.gateway = gateway;
  }

  /**
   * Waiting for the offline recipients' entities to write it. One whose client is online after
   * all (the gateway's table lagged behind its entity) is sent it with the {@code online} ones.
   */
  private Behavior<Command> storing(
      Set<String> waiting, boolean storedAny, List<Gateway.Target> online) {
    if (waiting.isEmpty()) {
      return acking(storedAny, online);
    }
    return Behaviors.receive(Command.class)
        .onMessage(StoreAnswered.class, answered -> {
          waiting.remove(answered.reply().client());
          List<Gateway.Target> recipients = online;
          if (answered.reply() instanceof ClientEntity.IsOnline back) {
            recipients = new ArrayList<>(online);
            recipients.add(back.target());
          }
          return storing(waiting,
              storedAny || answered.reply() instanceof ClientEntity.Stored, recipients);
        })
        .onMessageEquals(StoresTimedOut.INSTANCE, () -> {
          context.getLog().error("group message from {}: {} mailboxes not written in {}: not ACKed",
              group.sender(), waiting.size(), STORE_TIMEOUT);
          entities.tell(new ShardingEnvelope<>(group.sender(),
              new ClientEntity.Abandoned(group.requestId())));
          return Behaviors.stopped();
        })
        .build();
  }

  /** The sender is ACKed first, then the online recipients get it. */
  private Behavior<Command> acking(boolean storedAny, List<Gateway.Target> online) {
    ActorRef<Done> acked = context.messageAdapter(Done.class, done -> new Acked());
    entities.tell(new ShardingEnvelope<>(group.sender(), new ClientEntity.Finish(
        group.requestId(), Requests.ack(group.requestId()), storedAny, acked)));
    return Behaviors.receive(Command.class)
        .onMessage(Acked.class, ack -> online.isEmpty() ? Behaviors.stopped() : fanOut(online))
        .onMessageEquals(StoresTimedOut.INSTANCE, Behaviors::same)
        .build();
  }

  private Behavior<Command> fanOut(List<Gateway.Target> online) {
    ActorRef<Gateway.Pushed> answers =
        context.messageAdapter(Gateway.Pushed.class, FannedOut::new);
    gateway.tell(new Gateway.Deliver(
        group.push(), online, 1,
        answers));
    return Behaviors.receive(Command.class)
        .onMessage(FannedOut.class, fannedOut -> {
          List<SilenceRelay.Silent> silent = new ArrayList<>();
          for (Recipient recipient : fannedOut.pushed().outcome().unanswered()) {
            context.getLog().info("{} did not ack the group message from {}: offline, stored"
                + " for it", recipient.name(), group.sender());
            // It may have shown it and only its ACK been lost: the id lets it skip the copy.
            silent.add(new SilenceRelay.Silent(recipient.name(),
                group.message().shownAs(recipient.id()), recipient.session()));
          }
          if (silent.isEmpty()) {
            return Behaviors.stopped();
          }
          // A child stops with its parent: this one waits for the relay to finish.
          context.watch(context.spawnAnonymous(ChatServer.onServer(SilenceRelay.Command.class,
              SilenceRelay.create(silent, entities, directory))));
          return Behaviors.receive(Command.class)
              .onSignal(Terminated.class, relayDone -> Behaviors.stopped())
              .build();
        })
        .onMessageEquals(StoresTimedOut.INSTANCE, Behaviors::same)
        .build();
  }
}
