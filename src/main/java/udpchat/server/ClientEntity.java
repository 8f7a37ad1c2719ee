package udpchat.server;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.japi.function.Procedure;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.slf4j.Logger;
import udpchat.console.ConsoleLines;
import udpchat.protocol.Packet;
import udpchat.protocol.Packet.Ack;
import udpchat.protocol.Packet.Dereg;
import udpchat.protocol.Packet.ErrorReply;
import udpchat.protocol.Packet.NoReg;
import udpchat.protocol.Packet.Reg;
import udpchat.protocol.PacketTypes;
import udpchat.protocol.RecentRequests;
import udpchat.protocol.SessionToken;
import udpchat.protocol.StoredMessage;
import udpchat.server.ClientEvent.CameOnline;
import udpchat.server.ClientEvent.MailboxDelivered;
import udpchat.server.ClientEvent.MessageStored;
import udpchat.server.ClientEvent.Registered;
import udpchat.server.ClientEvent.RequestDone;
import udpchat.server.ClientEvent.WentOffline;
import udpchat.server.DeliveryRound.Recipient;

/**
 * One registered name (SPEC §5): its address, session, presence, mailbox and the ids of its
 * latest done requests, event sourced under a persistence id of its own, so the writes of
 * different clients never wait for each other. The gateway hands it what its client sends; what
 * the client is to be sent goes back to the gateway, which owns the socket and the rounds.
 *
 * <p>Its client's presence is its own to decide: it reports every change to the {@link Directory},
 * which puts it in the one order of table changes.
 */
public final class ClientEntity
    extends EventSourcedBehavior<ClientEntity.Command, ClientEvent, ClientState> {

  public static final EntityTypeKey<Command> TYPE_KEY =
      EntityTypeKey.create(Command.class, "Client");

  public sealed interface Command extends JournalJson {}

  /** A {@code freg} for this name from {@code source}. */
  public record Register(InetSocketAddress source, long fregId) implements Command {}

  /**
   * {@code dereg}, {@code reg}, {@code send_all}, {@code to_offline} or {@code table_sync} from
   * {@code source}, registered address of the name; {@code addressFree} when no other client is
   * online there now.
   */
  public record Request(Packet request, InetSocketAddress source, boolean addressFree)
      implements Command {}

  /** A late answer to the server carried {@code token}: proof of life if it is the session's. */
  public record Spoke(String token, InetSocketAddress source, boolean addressFree)
      implements Command {}

  /**
   * A request that was handed on is answered: {@code done} ones are written as done first;
   * {@code replyTo} hears once the answer is on its way.
   */
  public record Finish(long requestId, Packet reply, boolean done, ActorRef<Done> replyTo)
      implements Command {}

  /** Store a message for the client; with {@code unlessOnline}, not if it is online. */
  public record Store(StoredMessage message, boolean unlessOnline, ActorRef<StoreReply> replyTo)
      implements Command {}

  /**
   * A push to the client in {@code session} went unanswered. What it carried (if anything: a
   * status check carries nothing) is stored, and the client is presumed gone unless it has a new
   * session since. The change goes back to {@code replyTo}, which reports the silent clients of
   * one round to the directory together, so the table changes once.
   */
  public record Missed(StoredMessage message, String session, ActorRef<Silenced> replyTo)
      implements Command {}

  /** The answer to {@link Missed}: whether it was stored, and the line to report, if it changed. */
  public record Silenced(String client, boolean stored, Directory.Report change) {}

  /** {@code recipient} has received the direct message this client sent at {@code time}. */
  public record ReceiptFor(String recipient, String time) implements Command {}

  /**
   * Deliver what is stored to a client that is online or presumed gone: sent by whoever had it
   * store a {@link Missed} message, once the table and the other answers are on their way.
   */
  public enum OfferMailbox implements Command { INSTANCE }

  /** Another client is online at this one's address now. */
  public enum AddressTaken implements Command { INSTANCE }

  public record GetMailbox(ActorRef<Mailbox> replyTo) implements Command {}

  /** What is stored for {@code client}, oldest first. */
  public record Mailbox(String client, List<StoredMessage> messages) {}

  /** From its {@link MailboxDelivery}: the client ACKed this part. */
  record PartDelivered(String session, List<StoredMessage> part) implements Command {}

  /** From its {@link MailboxDelivery}: done, every part ACKed or one never. */
  record DeliveryEnded(String session, boolean answered) implements Command {}

  private record PushFinished(Gateway.Pushed pushed) implements Command {}

  /** The answer to {@link Store} and {@link Missed}, naming the client it is about. */
  public sealed interface StoreReply {
    String client();
  }

  public record Stored(String client) implements StoreReply {}

  public record MailboxFull(String client) implements StoreReply {}

  /** Not stored: the client is online, there, in that session. */
  public record IsOnline(Gateway.Target target) implements StoreReply {
    @Override
    public String client() {
      return target.name();
    }
  }

  /** What an entity needs of the node it runs on. */
  public record Wiring(
      ServerSettings settings,
      ActorRef<Directory.Command> directory,
      ActorRef<Gateway.Command> gateway,
      ActorRef<ShardingEnvelope<Command>> entities) {}

  /** A directory slower than this is down: the freg goes unanswered and the client retries. */
  private static final Duration LISTING_TIMEOUT = Duration.ofSeconds(5);

  private final String name;
  private final ActorContext<Command> context;
  private final Logger log;
  private final Wiring wiring;
  private final ActorRef<Gateway.Pushed> pushes;
  /** Its client's latest requests and their answers, to answer a repeat without acting twice. */
  private final RecentRequests recent = new RecentRequests(ClientState.DONE_IDS_KEPT);
  private final SecureRandom random = new SecureRandom();
  /** The session a mailbox delivery is under way for, or null. */
  private String mailboxUnderWay;
  /** The request whose answer its mailbox is to follow (proof of life), or null. */
  private Long offerAfter;

  public static Behavior<Command> create(String name, Wiring wiring) {
    return Behaviors.setup(context -> new ClientEntity(name, context, wiring));
  }

  private ClientEntity(String name, ActorContext<Command> context, Wiring wiring) {
    super(wiring.settings().journal().clientId(name));
    this.name = name;
    this.context = context;
    this.log = context.getLog();
    this.wiring = wiring;
    this.pushes = context.messageAdapter(Gateway.Pushed.class, PushFinished::new);
  }

  @Override
  public ClientState emptyState() {
    return ClientState.unregistered();
  }

  @Override
  public EventHandler<ClientState, ClientEvent> eventHandler() {
    return ClientState::apply;
  }

  @Override
  public CommandHandler<Command, ClientEvent, ClientState> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Register.class, this::onRegister)
        .onCommand(Listing.class, this::onListing)
        .onCommand(Request.class, this::onRequest)
        .onCommand(Spoke.class, this::onSpoke)
        .onCommand(Finish.class, this::onFinish)
        .onCommand(Store.class, this::onStore)
        .onCommand(Missed.class, this::onMissed)
        .onCommand(ReceiptFor.class, this::onReceiptFor)
        .onCommand(AddressTaken.class, this::onAddressTaken)
        .onCommand(OfferMailbox.class, (state, offer) -> {
          offerMailbox(state);
          return Effect().none();
        })
        .onCommand(GetMailbox.class, (state, get) -> {
          get.replyTo().tell(new Mailbox(name, state.mailbox()));
          return Effect().none();
        })
        .onCommand(PartDelivered.class, this::onPartDelivered)
        .onCommand(DeliveryEnded.class, this::onDeliveryEnded)
        .onCommand(PushFinished.class, this::onPushFinished)
        .build();
  }

  /** The directory's answer to a registration ({@code result} null if it did not answer). */
  private record Listing(Directory.Listing result, Register register, boolean restart)
      implements Command {}

  // ---- Registration and presence ------------------------------------------------------------

  /**
   * A new name, or its process restarted at its own address: a new session. The conf_reg goes
   * out once the directory has the line, with the table's change, so that the registrant hears
   * of its registration before any table_update.
   */
  private Effect<ClientEvent, ClientState> onRegister(ClientState state, Register register) {
    InetSocketAddress source = register.source();
    if (state.isRegistered() && !state.isAt(source)) {
      log.info("refusing name {} to {}: it belongs to {}", name, source, state.address());
      refuseName(register);
      return Effect().none();
    }
    boolean restart = state.isRegistered();
    if (restart) {
      log.info("{} registered again from its own address {}: a restart, as reg", name, source);
    } else {
      log.info("registering new client {} at {}", name, source);
    }
    String token = SessionToken.generate(random);
    Registered registered =
        new Registered(source.getAddress().getHostAddress(), source.getPort(), token);
    return write(List.of(registered), after -> {
      Gateway.Confirm confirm = new Gateway.Confirm(name, source, register.fregId(), token);
      context.ask(Directory.Listing.class, wiring.directory(), LISTING_TIMEOUT,
          listing -> new Directory.Report(after.entry(name), token, lastSequenceNumber(context),
              confirm, listing),
          (listing, failure) -> new Listing(listing, register, restart));
    });
  }

  private Effect<ClientEvent, ClientState> onListing(ClientState state, Listing listing) {
    Register register = listing.register();
    if (listing.result() instanceof Directory.TableFull full) {
      log.warn("refusing {} to {}: the client table is full", name, register.source());
      wiring.gateway().tell(new Gateway.Reply(register.source(), register.fregId(), ErrorReply.of(
          register.fregId(), "the client table is full (" + full.maxClients() + " clients)")));
    } else if (listing.result() == null) {
      log.error("the directory did not list {} in {}", name, LISTING_TIMEOUT);
    } else if (listing.restart()) {
      deliverMailbox(state);
    }
    return Effect().none();
  }

  private void refuseName(Register register) {
    wiring.gateway().tell(new Gateway.Reply(register.source(), register.fregId(),
        new NoReg(register.fregId(), ConsoleLines.invalidName())));
  }

  private Effect<ClientEvent, ClientState> onRequest(ClientState state, Request request) {
    Packet packet = request.request();
    Optional<String> refusal =
        state.refusal(name, Requests.tokenOf(packet), request.source());
    long id = Requests.idOf(packet);
    if (refusal.isPresent()) {
      log.warn("refusing {} id {} from {}: {}", PacketTypes.nameOf(packet), id, request.source(),
          refusal.get());
      wiring.settings().metrics().requestRefused(PacketTypes.nameOf(packet));
      send(ErrorReply.of(id, refusal.get()), request.source());
      return Effect().none();
    }
    boolean setsPresence = packet instanceof Dereg || packet instanceof Reg;
    if (!setsPresence && state.isSilent() && request.addressFree()) {
      // Online first, then handled as if it had just arrived.
      return proofOfLife(Optional.of(request));
    }
    return act(state, request, id);
  }

  /** A request that passed the checks: answered again, or acted on once. */
  private Effect<ClientEvent, ClientState> act(ClientState state, Request request, long id) {
    Packet packet = request.request();
    if (packet instanceof Packet.Request && state.isDone(id)) {
      log.info("repeat of {} id {} from {}: done already, answering again",
          PacketTypes.nameOf(packet), id, request.source());
      send(Requests.ack(id), request.source());
      return Effect().none().thenRun(this::offerAfterAnswer);
    }
    if (packet instanceof Packet.Request && !recent.firstTime(request.source(), id)) {
      Optional<Packet> answer = recent.replyTo(request.source(), id);
      log.debug("repeat of {} id {} from {}: {}", PacketTypes.nameOf(packet), id,
          request.source(), answer.isPresent() ? "answering again" : "in progress, ignored");
      answer.ifPresent(reply -> send(reply, request.source()));
      return Effect().none().thenRun(this::offerAfterAnswer);
    }
    wiring.settings().metrics().requestAccepted(PacketTypes.nameOf(packet));
    if (packet instanceof Dereg) {
      log.info("{} goes offline", name);
      // Also when it was presumed gone: offline by its own wish now, a late ACK must not bring it back.
      return persistIf(state.presence() != ClientState.Presence.OFFLINE, new WentOffline(false),
          after -> {
        answer(after, id);
        report(after);
      });
    } else if (packet instanceof Reg) {
      log.info("{} comes back online", name);
      return persistIf(!state.isOnline(), new CameOnline(), after -> {
        answer(after, id);
        report(after);
        deliverMailbox(after);
      });
    }
    wiring.gateway().tell(new Gateway.Accepted(name, packet, request.source()));
    if (packet instanceof Packet.Request) {
      return Effect().none(); // answered by a Finish
    }
    return Effect().none().thenRun(this::offerAfterAnswer);
  }

  private Effect<ClientEvent, ClientState> onSpoke(ClientState state, Spoke spoke) {
    boolean alive = state.isSilent() && spoke.addressFree() && state.isAt(spoke.source())
        && state.isCurrent(spoke.token());
    return alive ? proofOfLife(Optional.empty()) : Effect().none();
  }

  /**
   * The client was presumed gone but has just spoken with its session: it is online again and
   * gets what was stored for it; then {@code then}.
   */
  private Effect<ClientEvent, ClientState> proofOfLife(Optional<Request> then) {
    log.info("{} was marked offline for its silence but has just spoken: online again", name);
    return write(List.of(new CameOnline()), after -> {
      report(after);
      if (then.isPresent()) {
        // Its mailbox follows the answer to the request that showed it alive.
        offerAfter = Requests.idOf(then.get().request());
        context.getSelf().tell(then.get());
      } else {
        offerMailbox(after);
      }
    });
  }

  private Effect<ClientEvent, ClientState> onFinish(ClientState state, Finish finish) {
    return persistIf(finish.done(), new RequestDone(finish.requestId()), after -> {
      recent.replied(after.address(), finish.requestId(), finish.reply());
      send(finish.reply(), after.address());
      finish.replyTo().tell(Done.getInstance());
      offerAfterAnswer(after);
    });
  }

  private Effect<ClientEvent, ClientState> onAddressTaken(ClientState state, AddressTaken taken) {
    // The directory already shows it offline; its own state follows.
    return persistIf(state.isOnline(), new WentOffline(false), after -> {});
  }

  // ---- Mailbox ------------------------------------------------------------------------------

  private Effect<ClientEvent, ClientState> onStore(ClientState state, Store store) {
    if (store.unlessOnline() && state.isOnline()) {
      store.replyTo().tell(new IsOnline(target(state)));
      return Effect().none();
    } else if (isFull(state, store.message())) {
      store.replyTo().tell(new MailboxFull(name));
      return Effect().none();
    }
    return write(List.of(stored(store.message())),
        after -> store.replyTo().tell(new Stored(name)));
  }

  private Effect<ClientEvent, ClientState> onMissed(ClientState state, Missed missed) {
    log.info("{} did not answer: offline{}", name, missed.message() == null ? "" : ", stored for it");
    List<ClientEvent> events = silence(state, missed.message(), missed.session());
    boolean stored = !events.isEmpty() && events.get(0) instanceof MessageStored;
    boolean goesSilent = events.stream().anyMatch(WentOffline.class::isInstance);
    return write(events, after ->
        missed.replyTo().tell(new Silenced(name, stored, goesSilent ? reportOf(after) : null)));
  }

  /**
   * The events of a push that went unanswered: what it carried stored (when there is room), and
   * the client silent unless it has registered again since the push went out.
   */
  private List<ClientEvent> silence(ClientState state, StoredMessage message, String session) {
    List<ClientEvent> events = new ArrayList<>();
    if (message != null && !isFull(state, message)) {
      events.add(stored(message));
    }
    if (state.isOnline() && state.isCurrent(session)) {
      events.add(new WentOffline(true));
    } else if (state.isOnline()) {
      log.info("{} has a new session since: it stays online", name);
    }
    return events;
  }

  private Effect<ClientEvent, ClientState> onReceiptFor(ClientState state, ReceiptFor receipt) {
    if (!state.isRegistered()) {
      log.warn("no client {} to receive the receipt from {}", name, receipt.recipient());
      return Effect().none();
    } else if (state.isOnline()) {
      push(state, new Push.ReceiptOf(receipt.recipient(), receipt.time()), 1);
      return Effect().none();
    }
    log.info("storing the receipt from {} for offline {}", receipt.recipient(), name);
    StoredMessage stored = StoredMessage.receipt(receipt.recipient(), receipt.time());
    return isFull(state, stored) ? Effect().none() : write(List.of(stored(stored)), after -> {});
  }

  /** Sends the client its whole mailbox, unless a delivery to this session is under way. */
  private void deliverMailbox(ClientState state) {
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
        target(state), parts, wiring.settings().chat().requestAttempts(), wiring.gateway(),
        context.getSelf())));
  }

  /** The request that showed the client alive is answered: its mailbox follows. */
  private void offerAfterAnswer(ClientState state) {
    if (offerAfter != null) {
      offerAfter = null;
      offerMailbox(state);
    }
  }

  /**
   * What is stored for a client that is online (stored while its old process did not answer) or
   * presumed gone goes to it as after reg: else it would wait for a reg that a client which
   * believes itself online never sends.
   */
  private void offerMailbox(ClientState state) {
    if ((state.isOnline() || state.isSilent()) && !state.mailbox().isEmpty()) {
      deliverMailbox(state);
    }
  }

  private Effect<ClientEvent, ClientState> onPartDelivered(
      ClientState state, PartDelivered delivered) {
    log.info("{} received {} offline messages", name, delivered.part().size());
    List<ClientEvent> events = new ArrayList<>();
    events.add(new MailboxDelivered(delivered.part()));
    boolean back = state.isSilent() && state.isCurrent(delivered.session());
    if (back) {
      events.add(new CameOnline());
    }
    return write(events, after -> {
      if (back) {
        log.info("{} answered after all: online again", name);
        report(after);
      }
      for (StoredMessage message : delivered.part()) {
        if (!message.group() && !message.isReceipt()) {
          wiring.entities().tell(new ShardingEnvelope<>(message.from(),
              new ReceiptFor(name, message.time())));
        }
      }
    });
  }

  private Effect<ClientEvent, ClientState> onDeliveryEnded(ClientState state, DeliveryEnded ended) {
    if (ended.session().equals(mailboxUnderWay)) {
      mailboxUnderWay = null;
    }
    if (ended.answered()) {
      offerMailbox(state); // what was stored for it while this delivery was on its way
      return Effect().none();
    }
    log.info("{} never acked its offline messages: offline again, mailbox kept", name);
    return goneSilent(state, ended.session());
  }

  // ---- Pushes of its own --------------------------------------------------------------------

  /** A receipt the client did not ACK: stored for it, it is presumed gone, offered its mailbox. */
  private Effect<ClientEvent, ClientState> onPushFinished(ClientState state, PushFinished done) {
    List<Recipient> silent = done.pushed().outcome().unanswered();
    if (silent.isEmpty() || !(done.pushed().push() instanceof Push.ReceiptOf receipt)) {
      return Effect().none();
    }
    Recipient recipient = silent.get(0);
    log.info("{} did not ack its receipt: offline, stored for it", name);
    StoredMessage missed =
        StoredMessage.receipt(receipt.recipient(), receipt.time()).shownAs(recipient.id());
    return write(silence(state, missed, recipient.session()), after -> {
      report(after);
      offerMailbox(after);
    });
  }

  /** Offline for its silence, unless it has registered again since the packet went out. */
  private Effect<ClientEvent, ClientState> goneSilent(ClientState state, String session) {
    if (!state.isCurrent(session)) {
      log.info("{} has a new session since: it stays online", name);
      return Effect().none();
    }
    return persistIf(state.isOnline(), new WentOffline(true), this::report);
  }

  private void push(ClientState state, Push push, int attempts) {
    wiring.gateway().tell(new Gateway.Deliver(push, List.of(target(state)), attempts, pushes));
  }

  // ---- Helpers ------------------------------------------------------------------------------

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

  private MessageStored stored(StoredMessage message) {
    wiring.settings().metrics().messageStored(
        message.isReceipt() ? "receipt" : message.group() ? "group" : "direct");
    log.info("storing a {} for {}", message.isReceipt() ? "receipt" : "message", name);
    return new MessageStored(message);
  }

  /** The client as a recipient of a push: where it is and its session. */
  private Gateway.Target target(ClientState state) {
    return new Gateway.Target(name, state.address(), state.token());
  }

  /** Tells the directory the client's line and session as they are now. */
  private void report(ClientState state) {
    wiring.directory().tell(reportOf(state));
  }

  private Directory.Report reportOf(ClientState state) {
    return new Directory.Report(state.entry(name), state.token(), lastSequenceNumber(context));
  }

  /** Writes {@code event} if it {@code changes} anything, then (either way) {@code then}. */
  private Effect<ClientEvent, ClientState> persistIf(
      boolean changes, ClientEvent event, Procedure<ClientState> then) {
    return changes ? write(List.of(event), then) : Effect().none().thenRun(then);
  }

  /** Writes {@code events}, then runs {@code then}; the write's latency goes to the metrics. */
  private Effect<ClientEvent, ClientState> write(
      List<ClientEvent> events, Procedure<ClientState> then) {
    if (events.isEmpty()) {
      return Effect().none().thenRun(then);
    }
    // Monotonic, for the journal-latency metric only; nothing the server decides depends on it.
    long started = System.nanoTime();
    return Effect().persist(events).thenRun(after -> {
      wiring.settings().metrics().journalWritten(Duration.ofNanos(System.nanoTime() - started));
      then.apply(after);
    });
  }

  /** Answers the client's request {@code id} with the server's ACK, remembered for repeats. */
  private void answer(ClientState state, long id) {
    Packet ack = Requests.ack(id);
    recent.replied(state.address(), id, ack);
    send(ack, state.address());
  }

  private void send(Packet packet, InetSocketAddress to) {
    wiring.gateway().tell(new Gateway.Send(packet, to));
  }
}
