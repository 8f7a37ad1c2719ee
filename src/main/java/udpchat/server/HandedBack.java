package udpchat.server;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import udpchat.config.ChatLimits;
import udpchat.protocol.Packet.ErrorReply;
import udpchat.protocol.Packet.GroupChat;
import udpchat.protocol.Packet.ToOffline;
import udpchat.protocol.StoredMessage;
import udpchat.protocol.Timestamps;

/**
 * What a gateway starts for a message its sender's entity checked and handed back: the checks that
 * need the limits or the table, then a short-lived child that delivers it (a group message to
 * every other client, a message for an offline client to its entity). A refusal goes back
 * through the sender's entity, which remembers it for the request's repeats.
 */
final class HandedBack {
  private final ActorContext<Gateway.Command> context;
  private final ServerSettings settings;
  private final Clock clock;
  /** The gateway's replica of the table, read only. */
  private final Roster roster;
  private final ActorRef<ShardingEnvelope<ClientEntity.Command>> entities;
  private final ActorRef<Directory.Command> directory;

  HandedBack(ActorContext<Gateway.Command> context, ServerSettings settings, Clock clock,
      Roster roster, ActorRef<ShardingEnvelope<ClientEntity.Command>> entities,
      ActorRef<Directory.Command> directory) {
    this.context = context;
    this.settings = settings;
    this.clock = clock;
    this.roster = roster;
    this.entities = entities;
    this.directory = directory;
  }

  /** Stamped with the server's time, delivered to the online and stored for the offline. */
  void groupChat(GroupChat groupChat) {
    if (isTooLong(groupChat.name(), groupChat.id(), groupChat.message())) {
      return;
    }
    String time = Timestamps.now(clock);
    StoredMessage stored = StoredMessage.group(groupChat.name(), time, groupChat.message());
    List<String> offline = new ArrayList<>();
    List<Gateway.Target> online = new ArrayList<>();
    roster.othersThan(groupChat.name(), offline, online);
    context.spawnAnonymous(ChatServer.onServer(GroupDelivery.Command.class, GroupDelivery.create(
        new GroupDelivery.Group(groupChat, stored, offline, online),
        entities, context.getSelf(), directory)));
  }

  /** Stored for its recipient, or answered with "exists" if the recipient turns out alive. */
  void toOffline(ToOffline toOffline) {
    if (isTooLong(toOffline.nameFrom(), toOffline.id(), toOffline.message())) {
      return;
    } else if (roster.table().get(toOffline.nameTo()).isEmpty()) {
      refuse(toOffline.nameFrom(), toOffline.id(),
          "no client named " + toOffline.nameTo() + " is registered");
      return;
    }
    context.spawnAnonymous(ChatServer.onServer(OfflineDelivery.Command.class,
        OfflineDelivery.create(toOffline, entities, context.getSelf(), directory)));
  }

  private boolean isTooLong(String sender, long id, String message) {
    ChatLimits limits = settings.chat().limits();
    if (!limits.isTooLong(message)) {
      return false;
    }
    refuse(sender, id, "message of " + ChatLimits.length(message)
        + " characters exceeds the limit of " + limits.maxMessageChars());
    return true;
  }

  /** Refuses {@code sender}'s request {@code id} through its entity, which remembers the answer. */
  private void refuse(String sender, long id, String reason) {
    context.getLog().warn("refusing request id {} from {}: {}", id, sender, reason);
    entities.tell(new ShardingEnvelope<>(sender,
        new ClientEntity.Finish(id, ErrorReply.of(id, reason), false,
            context.getSystem().ignoreRef())));
  }
}
