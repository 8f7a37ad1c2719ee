package udpchat.server;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.slf4j.Logger;
import udpchat.console.ConsoleLines;
import udpchat.protocol.Packet;
import udpchat.protocol.Packet.Dereg;
import udpchat.protocol.Packet.ErrorReply;
import udpchat.protocol.Packet.NoReg;
import udpchat.protocol.Packet.Reg;
import udpchat.protocol.PacketTypes;
import udpchat.protocol.RecentRequests;
import udpchat.protocol.SessionToken;
import udpchat.server.ClientEvent.CameOnline;
import udpchat.server.ClientEvent.Registered;
import udpchat.server.ClientEvent.RequestDone;
import udpchat.server.ClientEvent.WentOffline;

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
    extends EventSourcedBehavior<ClientProtocol.Command, ClientEvent, ClientState>
    implements ClientProtocol {

  public static final EntityTypeKey<Command> TYPE_KEY =
      EntityTypeKey.create(Command.class, "Client");

  private static final int SNAPSHOT_EVERY = 100;

  /** A directory slower than this is down: the freg goes unanswered and the client retries. */
  private static final Duration LISTING_TIMEOUT = Duration.ofSeconds(5);

  private final String name;
  private final ActorContext<Command> context;
  private final Logger log;
  private final Wiring wiring;
  private final EntityWrites writes;
  private final ClientMailbox mailbox;
  /** Its client's latest requests and their answers, to answer a repeat without acting twice. */
  private final RecentRequests recent = new RecentRequests(ClientState.DONE_IDS_KEPT);
  private final SecureRandom random = new SecureRandom();
  /** How it stops when idle, or null when its host passivates it by itself. */
  private final IdlePassivation passivation;
  /** The request whose answer its mailbox is to follow (proof of life), or null. */
  private Long offerAfter;
  /** Its client's requests handed on and not answered yet (their Finish is to come here). */
  private final Set<Long> handedOn = new HashSet<>();
  /** Those already handed on at the previous idle time: an answer that late will not come. */
  private Set<Long> handedOnAtLastIdle = Set.of();
  /** The directory has not answered a registration yet. */
  private boolean listingAwaited;

  /**
   * An entity whose host passivates it by itself (Cluster Sharding's automatic passivation), or
   * never.
   */
  public static Behavior<Command> create(String name, Wiring wiring) {
    return Behaviors.setup(context -> new ClientEntity(name, context, wiring, null));
  }

  /**
   * An entity that, after {@code udpchat.entity-idle} without a message and with nothing under
   * way, asks {@code shard} to passivate it ({@code EntityContext.getShard()} under Cluster
   * Sharding, with {@link Stop} as the stop message).
   */
  public static Behavior<Command> create(
      String name, ActorRef<ClusterSharding.ShardCommand> shard, Wiring wiring) {
    return IdlePassivation.around(shard, wiring.settings().chat().entityIdle(), passivation ->
        Behaviors.setup(context -> new ClientEntity(name, context, wiring, passivation)));
  }

  private ClientEntity(String name, ActorContext<Command> context, Wiring wiring,
      IdlePassivation passivation) {
    super(wiring.settings().journal().clientId(name));
    this.name = name;
    this.context = context;
    this.log = context.getLog();
    this.wiring = wiring;
    this.passivation = passivation;
    this.writes = new EntityWrites(name, Effect(), wiring.settings().metrics(),
        context.getSelf(), Flush.INSTANCE);
    this.mailbox = new ClientMailbox(name, context, wiring, writes,
        context.messageAdapter(Gateway.Pushed.class, PushFinished::new));
  }

  @Override
  public ClientState emptyState() {
    return ClientState.unregistered();
  }

  @Override
  public EventHandler<ClientState, ClientEvent> eventHandler() {
    return ClientState::apply;
  }

  /**
   * A snapshot every 100 of its events (or the server's interval, when smaller), the events before
   * the previous one deleted: a client's journal stays short however long it chats.
   */
  @Override
  public RetentionCriteria retentionCriteria() {
    int every = Math.min(SNAPSHOT_EVERY, wiring.settings().journal().snapshotEvery());
    return RetentionCriteria.snapshotEvery(every, 2).withDeleteEventsOnSnapshot();
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
        .onCommand(Abandoned.class, (state, abandoned) -> {
          log.warn("request id {} of {} was not carried out: its retry will be",
              abandoned.requestId(), name);
          recent.forget(state.address(), abandoned.requestId());
          return Effect().none();
        })
        .onCommand(Store.class, mailbox::onStore)
        .onCommand(Missed.class, mailbox::onMissed)
        .onCommand(ReceiptFor.class, mailbox::onReceiptFor)
        .onCommand(AddressTaken.class, this::onAddressTaken)
        .onCommand(Flush.class, (state, flush) -> writes.flush())
        // What is held back is written first: the mailbox is read as written.
        .onCommand(OfferMailbox.class, (state, offer) ->
            writes.flush().thenRun(mailbox::offerMailbox))
        .onCommand(GetMailbox.class, (state, get) -> writes.flush().thenRun(after ->
            get.replyTo().tell(new Mailbox(name, after.mailbox()))))
        .onCommand(PartDelivered.class, mailbox::onPartDelivered)
        .onCommand(DeliveryEnded.class, mailbox::onDeliveryEnded)
        .onCommand(PushFinished.class, (state, done) -> mailbox.onPushed(state, done.pushed()))
        .onCommand(IdlePassivation.Idle.class, this::onIdle)
        .onCommand(Stop.class, this::onStop)
        .build();
  }

  @Override
  public SignalHandler<ClientState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state ->
            wiring.settings().metrics().mailboxSize(name, state.mailbox().size()))
        .build();
  }

  /**
   * Passivated. A delivery that began after it asked (a message already on its way then) would
   * die with it: its host, holding what comes for it now, starts it again to offer the mailbox.
   */
  private Effect<ClientEvent, ClientState> onStop(ClientState state, Stop stop) {
    log.debug("{} idle: stopping, back from the journal on its next message", name);
    if (mailbox.isDelivering() || listingAwaited || offerAfter != null) {
      wiring.entities().tell(new ShardingEnvelope<>(name, OfferMailbox.INSTANCE));
    }
    return writes.flush().thenStop();
  }

  /**
   * Idle: passivated unless a delivery, the directory's answer or an answer to its client is
   * under way (an answer awaited for a whole idle time is taken as lost).
   */
  private Effect<ClientEvent, ClientState> onIdle(ClientState state, IdlePassivation.Idle idle) {
    handedOn.removeAll(handedOnAtLastIdle);
    handedOnAtLastIdle = Set.copyOf(handedOn);
    passivation.idle(mailbox.isDelivering() || listingAwaited || offerAfter != null
        || !handedOn.isEmpty() || writes.isHolding());
    return Effect().none();
  }

  private record PushFinished(Gateway.Pushed pushed) implements Command {}

  /** Writes the stores held back since the last write (told to itself, see EntityWrites). */
  private enum Flush implements Command { INSTANCE }

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
    if (state.isAt(source) && state.isDone(register.fregId())) {
      // A repeat that another node took for a first time (its client moved on to that node).
      log.info("repeat of freg id {} from {}: {}", register.fregId(), source,
          listingAwaited ? "in progress, ignored" : "confirmed again");
      return listingAwaited
          ? Effect().none()
          : Effect().none().thenRun(after -> askToBeListed(after, register, after.token(), false));
    }
    boolean restart = state.isRegistered();
    if (restart) {
      log.info("{} registered again from its own address {}: a restart, as reg", name, source);
    } else {
      log.info("registering new client {} at {}", name, source);
    }
    String token = SessionToken.generate(random);
    Registered registered = new Registered(
        source.getAddress().getHostAddress(), source.getPort(), token, register.fregId());
    return writes.write(List.of(registered),
        after -> askToBeListed(after, register, token, restart));
  }

  /** The directory lists the session; its node's gateway sends the conf_reg with the table. */
  private void askToBeListed(
      ClientState state, Register register, String token, boolean restart) {
    listingAwaited = true;
    Gateway.Confirm confirm = new Gateway.Confirm(name, register.source(), register.fregId(), token);
    context.ask(Directory.Listing.class, wiring.directory(), LISTING_TIMEOUT,
        listing -> new Directory.Report(state.entry(name), token, state.version(), false,
            confirm, listing),
        (listing, failure) -> new Listing(listing, register, restart));
  }

  private Effect<ClientEvent, ClientState> onListing(ClientState state, Listing listing) {
    Register register = listing.register();
    listingAwaited = false;
    if (listing.result() instanceof Directory.TableFull full) {
      log.warn("refusing {} to {}: the client table is full", name, register.source());
      wiring.gateway().tell(new Gateway.Reply(register.source(), register.fregId(), ErrorReply.of(
          register.fregId(), "the client table is full (" + full.maxClients() + " clients)")));
    } else if (listing.result() == null) {
      log.error("the directory did not list {} in {}", name, LISTING_TIMEOUT);
    } else if (listing.restart()) {
      mailbox.deliverMailbox(state);
    }
    return Effect().none();
  }

  private void refuseName(Register register) {
    wiring.gateway().tell(new Gateway.Reply(register.source(), register.fregId(),
        new NoReg(register.fregId(), ConsoleLines.invalidName())));
  }

  private Effect<ClientEvent, ClientState> onRequest(ClientState state, Request request) {
    Packet packet = request.request();
    String token = Requests.speakerOf(packet).map(Requests.Speaker::token).orElse(null);
    Optional<String> refusal = state.refusal(name, token, request.source());
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
      return writes.persistIf(state.presence() != ClientState.Presence.OFFLINE, new WentOffline(false),
          after -> {
        answer(after, id);
        wiring.directory().tell(after.report(name));
      });
    } else if (packet instanceof Reg) {
      log.info("{} comes back online", name);
      return writes.persistIf(!state.isOnline(), new CameOnline(), after -> {
        answer(after, id);
        wiring.directory().tell(after.report(name));
        mailbox.deliverMailbox(after);
      });
    }
    wiring.gateway().tell(new Gateway.Accepted(name, packet, request.source()));
    if (packet instanceof Packet.Request) {
      handedOn.add(id);
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
    return writes.write(List.of(new CameOnline()), after -> {
      wiring.directory().tell(after.report(name));
      if (then.isPresent()) {
        // Its mailbox follows the answer to the request that showed it alive.
        offerAfter = Requests.idOf(then.get().request());
        context.getSelf().tell(then.get());
      } else {
        mailbox.offerMailbox(after);
      }
    });
  }

  private Effect<ClientEvent, ClientState> onFinish(ClientState state, Finish finish) {
    handedOn.remove(finish.requestId());
    return writes.persistIf(finish.done(), new RequestDone(finish.requestId()), after -> {
      recent.replied(after.address(), finish.requestId(), finish.reply());
      send(finish.reply(), after.address());
      finish.replyTo().tell(Done.getInstance());
      offerAfterAnswer(after);
    });
  }

  private Effect<ClientEvent, ClientState> onAddressTaken(ClientState state, AddressTaken taken) {
    // The directory already shows it offline; its own state follows.
    return writes.persistIf(state.isOnline(), new WentOffline(false), after -> {});
  }

  /** The request that showed the client alive is answered: its mailbox follows. */
  private void offerAfterAnswer(ClientState state) {
    if (offerAfter != null) {
      offerAfter = null;
      mailbox.offerMailbox(state);
    }
  }

  // ---- Helpers ------------------------------------------------------------------------------

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
