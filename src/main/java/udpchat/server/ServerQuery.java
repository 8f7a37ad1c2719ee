package udpchat.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import udpchat.metrics.RegistryGauges;
import udpchat.metrics.ServerMetrics;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;
import udpchat.protocol.StoredMessage;

/**
 * A short-lived child of the gateway for one question about every client's mailbox (a test's
 * snapshot, the metrics' gauges): it asks each entity, gathers the answers, and replies once all
 * have answered or its time is up, with what it has.
 */
final class ServerQuery {

  sealed interface Command {}

  private record MailboxOf(ClientEntity.Mailbox mailbox) implements Command {}

  private enum TimedOut implements Command { INSTANCE }

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private ServerQuery() {}

  /** The server's state for a test: the table, the mailboxes, how many packets wait for answers. */
  static Behavior<Command> snapshot(
      ClientTable table, int awaiting,
      ActorRef<ShardingEnvelope<ClientEntity.Command>> entities,
      ActorRef<RegistrySnapshot> replyTo) {
    Set<String> names = new HashSet<>();
    names.addAll(table.entries().keySet());
    return ask(names, entities, mailboxes ->
        replyTo.tell(new RegistrySnapshot(table, mailboxes, names, awaiting)));
  }

  /**
   * The gauges of the metrics: table version, clients online and offline, and the mailbox sizes
   * the entities last reported (asking them would keep every idle entity from stopping).
   */
  static Behavior<Command> gauges(
      ClientTable table, long version, ServerMetrics metrics, ActorRef<RegistryGauges> replyTo) {
    int online = 0;
    for (ClientEntry entry : table.entries().values()) {
      online += entry.online() ? 1 : 0;
    }
    Map<String, Integer> sizes = metrics.mailboxSizes();
    int stored = sizes.values().stream().mapToInt(Integer::intValue).sum();
    int largest = sizes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    replyTo.tell(new RegistryGauges(version, online, table.entries().size() - online, stored,
        sizes.size(), largest));
    return Behaviors.stopped();
  }

  private static Behavior<Command> ask(
      Set<String> names, ActorRef<ShardingEnvelope<ClientEntity.Command>> entities,
      Consumer<Map<String, List<StoredMessage>>> reply) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      ActorRef<ClientEntity.Mailbox> answer =
          context.messageAdapter(ClientEntity.Mailbox.class, MailboxOf::new);
      for (String name : names) {
        entities.tell(new ShardingEnvelope<>(name, new ClientEntity.GetMailbox(answer)));
      }
      timers.startSingleTimer(TimedOut.INSTANCE, TIMEOUT);
      return collecting(new HashSet<>(names), new HashMap<>(), reply);
    }));
  }

  private static Behavior<Command> collecting(
      Set<String> waiting, Map<String, List<StoredMessage>> mailboxes,
      Consumer<Map<String, List<StoredMessage>>> reply) {
    if (waiting.isEmpty()) {
      reply.accept(Map.copyOf(mailboxes));
      return Behaviors.stopped();
    }
    return Behaviors.receive(Command.class)
        .onMessage(MailboxOf.class, answer -> {
          ClientEntity.Mailbox mailbox = answer.mailbox();
          waiting.remove(mailbox.client());
          if (!mailbox.messages().isEmpty()) {
            mailboxes.put(mailbox.client(), mailbox.messages());
          }
          return collecting(waiting, mailboxes, reply);
        })
        .onMessageEquals(TimedOut.INSTANCE, () -> {
          reply.accept(Map.copyOf(mailboxes));
          return Behaviors.stopped();
        })
        .build();
  }
}
