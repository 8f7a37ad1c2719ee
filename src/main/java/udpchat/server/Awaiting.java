package udpchat.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import udpchat.protocol.PacketIds;
import udpchat.server.DeliveryRound.Outcome;
import udpchat.server.DeliveryRound.Recipient;

/**
 * The packets of a gateway's delivery rounds that clients are expected to answer, by id, each with
 * the round waiting for it: where an ack or a status_confirm is matched. Owned by the gateway.
 */
final class Awaiting {
  /** A packet of ours that a client is expected to answer, and the round waiting for it. */
  record Awaited(Recipient recipient, ActorRef<DeliveryRound.Command> round) {}

  private final PacketIds ids = new PacketIds();
  private final Map<Long, Awaited> awaited = new HashMap<>();

  /** Each target's copy of {@code deliver}'s push, with an id of its own and the target's token. */
  List<Recipient> recipients(Gateway.Deliver deliver) {
    List<Recipient> recipients = new ArrayList<>(deliver.targets().size());
    for (Gateway.Target target : deliver.targets()) {
      long id = deliver.push().idFor(target.name(), ids);
      recipients.add(new Recipient(target.name(), target.address(),
          deliver.push().packet(id, target.token()), target.token()));
    }
    return recipients;
  }

  /** {@code round} waits for these recipients' answers. */
  void add(List<Recipient> recipients, ActorRef<DeliveryRound.Command> round) {
    recipients.forEach(recipient -> awaited.put(recipient.id(), new Awaited(recipient, round)));
  }

  /** What waits for the answer with this id; null when nothing does (any more). */
  Awaited get(long id) {
    return awaited.get(id);
  }

  /** A round is over: its packets were answered or given up on. */
  void remove(Outcome outcome) {
    outcome.answered().forEach(recipient -> awaited.remove(recipient.id()));
    outcome.unanswered().forEach(recipient -> awaited.remove(recipient.id()));
  }

  int size() {
    return awaited.size();
  }
}
