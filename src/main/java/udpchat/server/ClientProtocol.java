package udpchat.server;

import java.net.InetSocketAddress;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import udpchat.protocol.Packet;
import udpchat.protocol.StoredMessage;

/**
 * What a {@link ClientEntity} is told and what it answers: by the gateway (its client's
 * datagrams), by the short-lived children of a delivery, by other clients' entities (receipts)
 * and by the directory.
 */
public interface ClientProtocol {

  /** Open to the entity's own private messages (its pushes' outcomes, the directory's answers). */
  interface Command extends CrossNode {}

  /** A {@code freg} for this name from {@code source}. */
  record Register(InetSocketAddress source, long fregId) implements Command {}

  /**
   * {@code dereg}, {@code reg}, {@code send_all}, {@code to_offline} or {@code table_sync} from
   * {@code source}, registered address of the name; {@code addressFree} when no other client is
   * online there now.
   */
  record Request(Packet request, InetSocketAddress source, boolean addressFree)
      implements Command {}

  /** A late answer to the server carried {@code token}: proof of life if it is the session's. */
  record Spoke(String token, InetSocketAddress source, boolean addressFree)
      implements Command {}

  /**
   * A request that was handed on is answered: {@code done} ones are written as done first (a
   * group message that stored copies; a stored {@code to_offline} is known to its recipient's
   * entity); {@code replyTo} hears once the answer is on its way.
   */
  record Finish(long requestId, Packet reply, boolean done, ActorRef<Done> replyTo)
      implements Command {}

  /**
   * A request that was handed on could not be carried out (an entity it needed did not answer,
   * as while a crashed node's entities move): its client's retry is acted on afresh.
   */
  record Abandoned(long requestId) implements Command {}

  /**
   * Store a message for the client; with {@code unlessOnline}, not if it is online. A {@code
   * request} (a {@code to_offline}) that stored a message already is answered {@link Stored}
   * again, online or not, and stores nothing.
   */
  record Store(StoredMessage message, boolean unlessOnline, ClientEvent.SenderRequest request,
      ActorRef<StoreReply> replyTo) implements Command {
    /** A store for no request of a sender's: a group copy. */
    public Store(StoredMessage message, boolean unlessOnline, ActorRef<StoreReply> replyTo) {
      this(message, unlessOnline, null, replyTo);
    }
  }

  /**
   * A push to the client in {@code session} went unanswered. What it carried (if anything: a
   * status check carries nothing) is stored, and the client is presumed gone unless it has a new
   * session since. The change goes back to {@code replyTo}, which reports the silent clients of
   * one round to the directory together, so the table changes once.
   */
  record Missed(StoredMessage message, String session, ClientEvent.SenderRequest request,
      ActorRef<Silenced> replyTo) implements Command {
    /** A push that carried no sender's request: a group copy, a receipt, a status check. */
    public Missed(StoredMessage message, String session, ActorRef<Silenced> replyTo) {
      this(message, session, null, replyTo);
    }
  }

  /** The answer to {@link Missed}: whether it was stored, and the line to report, if it changed. */
  record Silenced(String client, boolean stored, Directory.Report change) implements CrossNode {}

  /** {@code recipient} has received the direct message this client sent at {@code time}. */
  record ReceiptFor(String recipient, String time) implements Command {}

  /**
   * Deliver what is stored to a client that is online or presumed gone: sent by whoever had it
   * store a {@link Missed} message, once the table and the other answers are on their way.
   */
  enum OfferMailbox implements Command { INSTANCE }

  /**
   * Stop, after what is being written: the entity's host sends it once the entity asked to be
   * passivated (Cluster Sharding's stop message, {@code Entity.withStopMessage}).
   */
  enum Stop implements Command { INSTANCE }

  /** Another client is online at this one's address now. */
  enum AddressTaken implements Command { INSTANCE }

  record GetMailbox(ActorRef<Mailbox> replyTo) implements Command {}

  /** What is stored for {@code client}, oldest first. */
  record Mailbox(String client, List<StoredMessage> messages) implements CrossNode {}

  /** From its {@link MailboxDelivery}: the client ACKed this part. */
  record PartDelivered(String session, List<StoredMessage> part) implements Command {}

  /** From its {@link MailboxDelivery}: done, every part ACKed or one never. */
  record DeliveryEnded(String session, boolean answered) implements Command {}

  /** The answer to {@link Store} and {@link Missed}, naming the client it is about. */
  sealed interface StoreReply extends CrossNode {
    String client();
  }

  record Stored(String client) implements StoreReply {}

  record MailboxFull(String client) implements StoreReply {}

  /** Not stored: the client is online, there, in that session. */
  record IsOnline(Gateway.Target target) implements StoreReply {
    @Override
    public String client() {
      return target.name();
    }
  }

  /** What an entity needs of the node it runs on. */
  record Wiring(
      ServerSettings settings,
      ActorRef<Directory.Command> directory,
      ActorRef<Gateway.Command> gateway,
      ActorRef<ShardingEnvelope<Command>> entities) {}
}
