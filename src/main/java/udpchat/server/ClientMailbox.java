package udpchat.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.slf4j.Logger;
import udpchat.protocol.StoredMessage;
import udpchat.server.ClientEvent.CameOnline;
import udpchat.server.ClientEvent.MailboxDelivered;
import udpchat.server.ClientEvent.MessageStored;
import udpchat.server.ClientEvent.WentOffline;
import udpchat.server.ClientProtocol.DeliveryEnded;
import udpchat.server.ClientProtocol.IsOnline;
import udpchat.server.ClientProtocol.MailboxFull;
import udpchat.server.ClientProtocol.Missed;
import udpchat.server.ClientProtocol.PartDelivered;
import udpchat.server.ClientProtocol.ReceiptFor;
import udpchat.server.ClientProtocol.Silenced;
import udpchat.server.ClientProtocol.Store;
import udpchat.server.ClientProtocol.Stored;
import udpchat.server.DeliveryRound.Recipient;

/**
 * The mailbox half of a client's entity: what is stored for the client, its delivery, and the
 * receipts and presence that follow from it. Owned by its entity, which hands it each command with
 * the state as it is and returns the effect it gives; it keeps only which delivery is under way.
 */
final class ClientMailbox {
  private final String name;
  private final ActorContext<ClientProtocol.Command> context;
  private final Logger log;
  private final ClientEntity.Wiring wiring;
  private final EntityWrites writes;
  private final ActorRef<Gateway.Pushed> pushes;
  /** Above every packet id (below 2^53, JSON's exact integers): ids of entries no packet carried. */
  private static final long ENTRY_ID_BASE = 1L << 52;

  /** The session a mailbox delivery is under way for, or null. */
  private String mailboxUnderWay;

  ClientMailbox(String name, ActorContext<ClientProtocol.Command> context,
      ClientEntity.Wiring wiring, EntityWrites writes, ActorRef<Gateway.Pushed> pushes) {
    this.name = name;
    this.context = context;
    this.log = context.getLog();
    this.wiring = wiring;
    this.writes = writes;
    this.pushes = pushes;
  }

  /**
   * A store is held back for the entity's next write (a group commit, see {@link EntityWrites}),
   * and answered once written; the checks count the stores held back with it.
   */
  Effect<ClientEvent, ClientState> onStore(ClientState written, Store store) {
    ClientState state = writes.ahead(written);
    if (state.hasStored(store.request())) {
      log.info("repeat of {}'s request id {}: stored for {} already", store.request().sender(),
          store.request().id(), name);
      if (written.hasStored(store.request())) {
        store.replyTo().tell(new Stored(name));
        return writes.none();
      }
      return writes.later(written, List.of(), after -> store.replyTo().tell(new Stored(name)));
    } else if (store.unlessOnline() && state.isOnline()) {
      store.replyTo().tell(new IsOnline(state.target(name)));
      return writes.none();
    } else if (isFull(state, store.message())) {
      store.replyTo().tell(new MailboxFull(name));
      return writes.none();
    }
    return writes.later(written, List.of(stored(store.message(), store.request())),
        after -> store.replyTo().tell(new Stored(name)));
  }

  Effect<ClientEvent, ClientState> onMissed(ClientState written, Missed missed) {
    ClientState state = writes.ahead(written);
    log.info("{} did not answer: offline{}", name, missed.message() == null ? "" : ", stored for it");
    boolean already = state.hasStored(missed.request());
    List<ClientEvent> events =
        silence(state, already ? null : missed.message(), missed.request(), missed.session());
    boolean stored = already || !events.isEmpty() && events.get(0) instanceof MessageStored;
    boolean goesSilent = events.stream().anyMatch(WentOffline.class::isInstance);
    return writes.write(events, after ->
        missed.replyTo().tell(new Silenced(name, stored, goesSilent ? after.report(name) : null)));
  }

  /**
   * The events of a push that went unanswered: what it carried stored (when there is room), and
   * the client silent unless it has registered again since the push went out.
   */
  private List<ClientEvent> silence(ClientState state, StoredMessage message,
      ClientEvent.SenderRequest request, String session) {
    List<ClientEvent> events = new ArrayList<>();
    if (message != null && !isFull(state, message)) {
      events.add(stored(message, request));
    }
    if (state.isOnline() && state.isCurrent(session)) {
      events.add(new WentOffline(true));
    } else if (state.isOnline()) {
      log.info("{} has a new session since: it stays online", name);
    }
    return events;
  }

  Effect<ClientEvent, ClientState> onReceiptFor(ClientState written, ReceiptFor receipt) {
    ClientState state = writes.ahead(written);
    if (!state.isRegistered()) {
      log.warn("no client {} to receive the receipt from {}", name, receipt.recipient());
      return writes.none();
    } else if (state.isOnline()) {
      push(state, new Push.ReceiptOf(receipt.recipient(), receipt.time()), 1);
      return writes.none();
    }
    log.info("storing the receipt from {} for offline {}", receipt.recipient(), name);
    // An id of its own, which no packet carries: the client shows each entry once.
    StoredMessage stored = StoredMessage.receipt(receipt.recipient(), receipt.time())
        .shownAs(ENTRY_ID_BASE | ThreadLocalRandom.current().nextLong(ENTRY_ID_BASE));
    return isFull(state, stored)
        ? writes.none() : writes.write(List.of(stored(stored, null)), after -> {});
  }

  /** Sends the client its whole mailbox, unless a delivery to this session is under way. */
  void deliverMailbox(ClientState state) {
    if (state.token().equals(mailboxUnderWay)) {
      log.info("offline messages for {} are already on their way", name);
      return;
    }
    List<List<StoredMessage>> parts =
        MailboxParts.split(state.mailbox(), state.token(), wiring.settings().codec());
    log.info("sending {} its {} offline messages in {} part(s)",
        name, state.mailbox().size(), parts.size());
    mailboxUnderWay = state.token();
    context.spawnAnonymous(ChatServer.onServer(Gateway.Pushed.class, MailboxDelivery.create(
        state.target(name), parts, wiring.settings().chat().requestAttempts(), wiring.gateway(),
        context.getSelf())));
  }

  /** A delivery of its mailbox is under way: its entity is not to be passivated. */
  boolean isDelivering() {
    return mailboxUnderWay != null;
  }

  /**
   * What is stored for a client that is online (stored while its old process did not answer) or
   * presumed gone goes to it as after reg: else it would wait for a reg that a client which
   * believes itself online never sends.
   */
  void offerMailbox(ClientState state) {
    if ((state.isOnline() || state.isSilent()) && !state.mailbox().isEmpty()) {
      deliverMailbox(state);
    }
  }

  Effect<ClientEvent, ClientState> onPartDelivered(
      ClientState written, PartDelivered delivered) {
    ClientState state = writes.ahead(written);
    log.info("{} received {} offline messages", name, delivered.part().size());
    List<ClientEvent> events = new ArrayList<>();
    events.add(new MailboxDelivered(delivered.part()));
    boolean back = state.isSilent() && state.isCurrent(delivered.session());
    if (back) {
      events.add(new CameOnline());
    }
    return writes.write(events, after -> {
      if (back) {
        log.info("{} answered after all: online again", name);
        wiring.directory().tell(after.report(name));
      }
      for (StoredMessage message : delivered.part()) {
        if (!message.group() && !message.isReceipt()) {
          wiring.entities().tell(new ShardingEnvelope<>(message.from(),
              new ReceiptFor(name, message.time())));
        }
      }
    });
  }

  Effect<ClientEvent, ClientState> onDeliveryEnded(ClientState state, DeliveryEnded ended) {
    if (ended.session().equals(mailboxUnderWay)) {
      mailboxUnderWay = null;
    }
    if (ended.answered()) {
      offerMailbox(state); // what was stored for it while this delivery was on its way
      return writes.none();
    }
    log.info("{} never acked its offline messages: offline again, mailbox kept", name);
    return goneSilent(state, ended.session());
  }

  /** A receipt the client did not ACK: stored for it, it is presumed gone, offered its mailbox. */
  Effect<ClientEvent, ClientState> onPushed(ClientState written, Gateway.Pushed pushed) {
    ClientState state = writes.ahead(written);
    List<Recipient> silent = pushed.outcome().unanswered();
    if (silent.isEmpty() || !(pushed.push() instanceof Push.ReceiptOf receipt)) {
      return writes.none();
    }
    Recipient recipient = silent.get(0);
    log.info("{} did not ack its receipt: offline, stored for it", name);
    StoredMessage missed =
        StoredMessage.receipt(receipt.recipient(), receipt.time()).shownAs(recipient.id());
    return writes.write(silence(state, missed, null, recipient.session()), after -> {
      wiring.directory().tell(after.report(name));
      offerMailbox(after);
    });
  }

  /** Offline for its silence, unless it has registered again since the packet went out. */
  private Effect<ClientEvent, ClientState> goneSilent(ClientState state, String session) {
    if (!state.isCurrent(session)) {
      log.info("{} has a new session since: it stays online", name);
      return writes.none();
    }
    return writes.persistIf(state.isOnline(), new WentOffline(true), after -> wiring.directory().tell(after.report(name)));
  }

  private void push(ClientState state, Push push, int attempts) {
    wiring.gateway().tell(new Gateway.Deliver(push, List.of(state.target(name)), attempts, pushes));
  }

  private boolean isFull(ClientState state, StoredMessage message) {
    int capacity = wiring.settings().chat().limits().maxStoredMessages();
    if (state.mailbox().size() < capacity) {
      return false;
    }
    log.warn("mailbox of {} is full ({} messages): {} from {} dropped", name, capacity,
        message.isReceipt() ? "receipt" : "message",
        message.isReceipt() ? "the server" : message.from());
    return true;
  }

  private MessageStored stored(StoredMessage message, ClientEvent.SenderRequest request) {
    wiring.settings().metrics().messageStored(
        message.isReceipt() ? "receipt" : message.group() ? "group" : "direct");
    log.info("storing a {} for {}", message.isReceipt() ? "receipt" : "message", name);
    return new MessageStored(message, request);
  }
}
