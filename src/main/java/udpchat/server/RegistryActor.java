package udpchat.server;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.slf4j.Logger;
import udpchat.NodeExit;
import udpchat.config.ChatLimits;
import udpchat.config.ChatSettings;
import udpchat.console.Console;
import udpchat.console.ConsoleLines;
import udpchat.metrics.MetricsReporter;
import udpchat.metrics.MetricsSettings;
import udpchat.metrics.RegistryGauges;
import udpchat.metrics.ServerMetrics;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;
import udpchat.protocol.Packet;
import udpchat.protocol.Packet.Ack;
import udpchat.protocol.Packet.ConfReg;
import udpchat.protocol.Packet.Dereg;
import udpchat.protocol.Packet.ErrorReply;
import udpchat.protocol.Packet.Freg;
import udpchat.protocol.Packet.GroupChat;
import udpchat.protocol.Packet.NoReg;
import udpchat.protocol.Packet.OfflineMessages;
import udpchat.protocol.Packet.Receipt;
import udpchat.protocol.Packet.Reg;
import udpchat.protocol.Packet.StatusCheck;
import udpchat.protocol.Packet.StatusConfirm;
import udpchat.protocol.Packet.TableSync;
import udpchat.protocol.Packet.TableUpdate;
import udpchat.protocol.Packet.ToOffline;
import udpchat.protocol.PacketCodec;
import udpchat.protocol.PacketIds;
import udpchat.protocol.PacketTypes;
import udpchat.protocol.RecentRequests;
import udpchat.protocol.StoredMessage;
import udpchat.protocol.Timestamps;
import udpchat.server.DeliveryRound.Outcome;
import udpchat.server.DeliveryRound.Recipient;
import udpchat.server.RegistryEvent.CameOnline;
import udpchat.server.RegistryEvent.ClientRegistered;
import udpchat.server.RegistryEvent.ClientRestarted;
import udpchat.server.RegistryEvent.MailboxDelivered;
import udpchat.server.RegistryEvent.RequestDone;
import udpchat.transport.Transport;
import udpchat.transport.TransportFactory;

/**
 * The server: owns its socket, the client table and the offline mailboxes (SPEC §5). Requests are
 * answered at once where they can be; every wait for clients (group fan-out, mailbox after
 * {@code reg}, receipts, status checks) is a {@link DeliveryRound} child, whose answers the
 * registry checks and routes by packet id.
 *
 * <p>The registry is event sourced: what it keeps (table, sessions, mailboxes: {@link
 * RegistryState}) changes only through {@link RegistryEvent}s written to the journal, and a request
 * that changes something is answered only once its events are written. A restarted server replays
 * its journal (from the latest snapshot) before it opens its socket, then checks that the clients
 * it had online are still there: they count as online until a status check goes unanswered.
 */
public final class RegistryActor
    extends EventSourcedBehavior<RegistryActor.Command, RegistryEvent, RegistryState> {

  /** What the registry reacts to: its socket, the outcome of its rounds. */
  public sealed interface Command {}

  private record FromSocket(Transport.Event event) implements Command {}

  private enum SocketClosed implements Command {
    INSTANCE
  }

  private record RoundFinished(Purpose purpose, Outcome outcome) implements Command {}

  /**
   * Broadcast the table's changes since the last broadcast. Sent to itself after a change, so the
   * changes of every request already waiting in the mailbox go out together, in one update.
   */
  private enum PublishTable implements Command {
    INSTANCE
  }

  /** The metrics reporter asks for the registry's numbers. */
  private record ReportGauges(MetricsReporter.GaugesWanted request) implements Command {}

  /**
   * A request from a client that was offline for its silence, held back until the client is online
   * again ({@link #proofOfLife}); then handled as if it had just arrived.
   */
  private record AfterProofOfLife(Packet.Request request, InetSocketAddress source)
      implements Command {}

  /** For tests in this package: the registry's state as it is now. */
  record Inspect(ActorRef<RegistrySnapshot> replyTo) implements Command {}

  /** Why a round was started: decides what its outcome means. */
  private sealed interface Purpose {}

  /** A group message from {@code sender}, stamped with the server's {@code time}. */
  private record GroupFanOut(String sender, String time, String message) implements Purpose {}

  /**
   * A client's mailbox after {@code reg}: {@code delivered} is the part that was sent, {@code rest}
   * the parts that follow it once it is ACKed.
   */
  private record MailboxDelivery(
      String client, String session, List<StoredMessage> delivered,
      List<List<StoredMessage>> rest)
      implements Purpose {}

  /** A client's session, to tell whether a mailbox is already on its way to it. */
  private record Session(String client, String token) {}

  /** Receipts for the online senders of direct messages just delivered. */
  private record ReceiptDelivery() implements Purpose {}

  /** Is the recipient of a {@code to_offline} really gone? */
  private record StatusCheckFor(ToOffline request, InetSocketAddress requester)
      implements Purpose {}

  /** After a restart: are the clients that were online before it still there? */
  private record LivenessCheck() implements Purpose {}

  /** A packet of ours that a client is expected to answer, and the round waiting for it. */
  private record Awaited(Recipient recipient, ActorRef<DeliveryRound.Command> round) {}

  private static final String NODE = "server";
  private static final Map<String, String> MDC = Map.of("node", NODE);

  /** Snapshots kept in the journal: the latest, and one before it in case it cannot be read. */
  private static final int SNAPSHOTS_KEPT = 2;

  private final ActorContext<Command> context;
  private final Logger log;
  private final int port;
  private final ChatSettings settings;
  private final Console console;
  private final Clock clock;
  private final TransportFactory transport;
  private final Consumer<NodeExit> onExit;
  private final RegistryJournal journal;
  private final ServerMetrics metrics;
  private final MetricsSettings metricsSettings;
  private final PacketCodec codec;
  private final RecentRequests recent;
  private final TableParts tableParts;
  private final PacketIds ids = new PacketIds();
  private final Map<Long, Awaited> awaiting = new HashMap<>();
  /** The sessions a mailbox delivery round is running for (found without scanning awaiting). */
  private final Set<Session> mailboxesUnderWay = new HashSet<>();
  /**
   * Clients marked offline only because they did not answer one packet: they may be alive, with
   * just that packet or its answer lost. Each gets its mailbox as after reg; if it ACKs, it is
   * online again.
   */
  private final Set<String> presumedGone = new HashSet<>();
  /**
   * Clients the server marked offline because a packet of its own went unanswered (not by dereg,
   * nor by another client taking their address). Any request or answer they make with their
   * session is proof of life: online again, mailbox delivered. Like {@link #presumedGone} it is
   * the running server's knowledge, not durable state.
   */
  private final Set<String> wentSilent = new HashSet<>();
  /** The table version the online clients were last sent, and the one last printed. */
  private long publishedVersion;
  private long printedVersion;
  /** A {@link PublishTable} is in the mailbox. */
  private boolean publishPending;
  /** The whole table in parts as the last registrant got it: most parts serve the next one. */
  private List<ClientTable> wholeTable = List.of();
  /** Clients sent the whole table since the last broadcast, and the version they were sent. */
  private final Map<String, Long> confirmedSincePublish = new HashMap<>();
  /** Opened once the journal has been replayed. */
  private ActorRef<Transport.Command> socket;
  /**
   * The registry's durable state as the last command or event left it; only the event handler
   * changes it. Commands are not handled before recovery has set it.
   */
  private RegistryState state;

  /**
   * A registry that starts empty (tests, simulations): its events go to the configured journal
   * under a key never used before, so nothing is recovered.
   */
  public static Behavior<Command> create(
      int port,
      ChatSettings settings,
      Console console,
      Clock clock,
      TransportFactory transport,
      Consumer<NodeExit> onExit) {
    return create(port, settings, console, clock, transport, onExit, RegistryJournal.fresh());
  }

  /** A registry that recovers what {@code journal} holds, and writes its events there. */
  public static Behavior<Command> create(
      int port,
      ChatSettings settings,
      Console console,
      Clock clock,
      TransportFactory transport,
      Consumer<NodeExit> onExit,
      RegistryJournal journal) {
    return create(port, settings, console, clock, transport, onExit, journal,
        ServerMetrics.inMemory(), MetricsSettings.DEFAULTS);
  }

  /**
   * A registry that also counts what it does in {@code metrics} (give its transport the same
   * metrics to count datagrams) and logs their summary as {@code metricsSettings} say.
   */
  public static Behavior<Command> create(
      int port,
      ChatSettings settings,
      Console console,
      Clock clock,
      TransportFactory transport,
      Consumer<NodeExit> onExit,
      RegistryJournal journal,
      ServerMetrics metrics,
      MetricsSettings metricsSettings) {
    return Behaviors.withMdc(
        Command.class,
        MDC,
        Behaviors.setup(
            context ->
                new RegistryActor(context, port, settings, console, clock, transport, onExit,
                    journal, metrics, metricsSettings)));
  }

  private RegistryActor(
      ActorContext<Command> context,
      int port,
      ChatSettings settings,
      Console console,
      Clock clock,
      TransportFactory transport,
      Consumer<NodeExit> onExit,
      RegistryJournal journal,
      ServerMetrics metrics,
      MetricsSettings metricsSettings) {
    super(journal.persistenceId());
    this.context = context;
    this.log = context.getLog();
    this.port = port;
    this.settings = settings;
    this.console = console;
    this.clock = clock;
    this.transport = transport;
    this.onExit = onExit;
    this.journal = journal;
    this.metrics = metrics;
    this.metricsSettings = metricsSettings;
    this.codec = new PacketCodec(settings.maxDatagramBytes());
    this.recent = new RecentRequests(settings.recentIds());
    this.tableParts = new TableParts(codec);
    log.debug("replaying the journal of {}", journal.persistenceId().id());
  }

  // ---- Event sourcing -----------------------------------------------------------------------

  @Override
  public RegistryState emptyState() {
    return new RegistryState(settings.limits().maxStoredMessages());
  }

  @Override
  public EventHandler<RegistryState, RegistryEvent> eventHandler() {
    return RegistryState::apply;
  }

  @Override
  public CommandHandler<Command, RegistryEvent, RegistryState> commandHandler() {
    return (current, command) -> {
      state = current;
      return onCommand(command);
    };
  }

  @Override
  public SignalHandler<RegistryState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::onRecovered)
        .onSignal(RecoveryFailed.class, (current, failed) -> onRecoveryFailed(failed.getFailure()))
        .build();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    // Old events and snapshots go: recovery reads one snapshot and fewer than snapshotEvery events.
    return RetentionCriteria.snapshotEvery(journal.snapshotEvery(), SNAPSHOTS_KEPT)
        .withDeleteEventsOnSnapshot();
  }

  /** A snapshot is an immutable copy, so it can be serialized while the registry goes on. */
  @Override
  public SnapshotAdapter<RegistryState> snapshotAdapter() {
    int capacity = settings.limits().maxStoredMessages();
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(RegistryState current) {
        return current.image();
      }

      @Override
      public RegistryState fromJournal(Object image) {
        return RegistryState.of((RegistryImage) image, capacity);
      }
    };
  }

  /**
   * Writes the command's events, if any, then (once they are in the journal and applied) does
   * what follows from them: answers, table lines, deliveries.
   */
  private Effect<RegistryEvent, RegistryState> persist(Changes changes, Runnable then) {
    if (changes.isEmpty()) {
      return Effect().none().thenRun(after -> then.run());
    }
    // Monotonic, for the journal-latency metric only; nothing the server decides depends on it.
    long started = System.nanoTime();
    return Effect().persist(changes.events()).thenRun(
        after -> {
          metrics.journalWritten(Duration.ofNanos(System.nanoTime() - started));
          state = after;
          then.run();
        });
  }

  private Changes changes() {
    return new Changes(state);
  }

  private Effect<RegistryEvent, RegistryState> done() {
    return Effect().none();
  }

  // ---- Lifecycle ----------------------------------------------------------------------------

  /** The journal is replayed: only now does the server open its socket and take requests. */
  private void onRecovered(RegistryState recovered) {
    state = recovered;
    publishedVersion = recovered.clients().version();
    printedVersion = publishedVersion;
    List<ClientEntry> clients = recovered.clients().all();
    if (!clients.isEmpty()) {
      log.info("recovered {} clients ({} online) and {} stored messages",
          clients.size(), recovered.clients().online().size(),
          recovered.mailbox().all().values().stream().mapToInt(List::size).sum());
    }
    InetSocketAddress local = new InetSocketAddress(settings.bindHost(), port);
    socket =
        transport.open(
            context, local, context.messageAdapter(Transport.Event.class, FromSocket::new));
    // Without its socket the server is deaf: end the process rather than hang.
    context.watchWith(socket, SocketClosed.INSTANCE);
    context.spawn(
        MetricsReporter.create(metrics,
            context.messageAdapter(MetricsReporter.GaugesWanted.class, ReportGauges::new),
            metricsSettings),
        "metrics");
    log.debug("opening UDP port {} on {}", port, settings.bindHost());
  }

  private void onRecoveryFailed(Throwable failure) {
    log.error("cannot read the server's journal", failure);
    onExit.accept(NodeExit.failed("Cannot read the server's data: " + failure.getMessage()));
  }

  private Effect<RegistryEvent, RegistryState> onCommand(Command command) {
    if (command instanceof FromSocket fromSocket) {
      return onSocketEvent(fromSocket.event());
    } else if (command instanceof RoundFinished finished) {
      return onRoundFinished(finished);
    } else if (command instanceof AfterProofOfLife held) {
      return onRequest(held.request(), held.source());
    } else if (command == PublishTable.INSTANCE) {
      return onPublishTable();
    } else if (command instanceof Inspect inspect) {
      return onInspect(inspect);
    } else if (command instanceof ReportGauges report) {
      return onReportGauges(report);
    } else if (command == SocketClosed.INSTANCE) {
      return onSocketClosed();
    }
    return Effect().unhandled();
  }

  private Effect<RegistryEvent, RegistryState> onInspect(Inspect inspect) {
    inspect.replyTo().tell(
        new RegistrySnapshot(state.clients().snapshot(), state.mailbox().all(),
            state.sessions().names(), awaiting.size()));
    return done();
  }

  private Effect<RegistryEvent, RegistryState> onReportGauges(ReportGauges report) {
    ClientRegistry clients = state.clients();
    int online = clients.online().size();
    Map<String, List<StoredMessage>> mailboxes = state.mailbox().all();
    int stored = 0;
    int largest = 0;
    int nonEmpty = 0;
    for (List<StoredMessage> messages : mailboxes.values()) {
      stored += messages.size();
      largest = Math.max(largest, messages.size());
      nonEmpty += messages.isEmpty() ? 0 : 1;
    }
    report.request().replyTo().tell(new RegistryGauges(
        clients.version(), online, clients.size() - online, stored, nonEmpty, largest));
    return done();
  }

  private Effect<RegistryEvent, RegistryState> onSocketEvent(Transport.Event event) {
    if (event instanceof Transport.Bound bound) {
      log.info("listening on {}", bound.localAddress());
      console.line(ConsoleLines.serverListening(port));
      checkLiveness();
    } else if (event instanceof Transport.BindFailed failed) {
      log.error("cannot bind {}: {}", failed.localAddress(), failed.reason());
      // The transport's reason is already one whole sentence ("Port 5000 is already in use").
      onExit.accept(NodeExit.failed(failed.reason()));
      return Effect().stop();
    } else if (event instanceof Transport.Received received) {
      return onPacket(received.packet(), received.from());
    } else if (event instanceof Transport.Rejected rejected) {
      onRejected(rejected);
    } else {
      log.warn("ignoring socket event {}", event);
    }
    return done();
  }

  private Effect<RegistryEvent, RegistryState> onSocketClosed() {
    log.error("the server socket stopped");
    onExit.accept(
        NodeExit.failed("The server's UDP socket on port " + port + " closed unexpectedly"));
    return Effect().stop();
  }

  /**
   * After a restart the clients that were online may have gone meanwhile: each gets a status
   * check, retried like a request. Until one goes unanswered the client counts as online; then
   * it is marked offline, and the table printed and broadcast once.
   */
  private void checkLiveness() {
    List<Recipient> recipients = new ArrayList<>();
    for (ClientEntry client : state.clients().online()) {
      recipients.add(recipient(client, token -> new StatusCheck(ids.next(), token)));
    }
    if (!recipients.isEmpty()) {
      log.info("{} clients were online before the restart: checking they still are",
          recipients.size());
      startRound(new LivenessCheck(), recipients, settings.requestAttempts());
    }
  }

  // ---- Incoming packets ---------------------------------------------------------------------

  /**
   * Answers a datagram that could not be read, so its sender learns why. A well-formed
   * {@code error} is never answered, so two nodes cannot bounce errors between them.
   */
  private void onRejected(Transport.Rejected rejected) {
    log.warn("malformed datagram from {}: {}", rejected.from(), rejected.reason());
    send(ErrorReply.of(0, "malformed packet: " + rejected.reason()), rejected.from());
  }

  private Effect<RegistryEvent, RegistryState> onPacket(Packet packet, InetSocketAddress source) {
    trace("<-", packet, source);
    if (packet instanceof Ack ack) {
      return onAnswer(ack, ack.from(), ack.token(), source);
    } else if (packet instanceof StatusConfirm confirm) {
      return onAnswer(confirm, confirm.from(), confirm.token(), source);
    } else if (packet instanceof TableSync sync) {
      return onTableSync(sync, source);
    } else if (packet instanceof Freg
        || packet instanceof Dereg
        || packet instanceof Reg
        || packet instanceof GroupChat
        || packet instanceof ToOffline) {
      return onRequest((Packet.Request) packet, source);
    } else {
      // conf_reg, error, msg, … are for clients: answering them could start a loop.
      log.info("dropping unexpected {} from {}", typeOf(packet), source);
    }
    return done();
  }

  /**
   * A client request: its sender is checked first ({@link Gate}), then it is acted on once; a
   * repeat gets the same answer, or none while in progress. A refused request is not remembered,
   * so a forged datagram cannot use up an id that the real client has yet to send.
   */
  private Effect<RegistryEvent, RegistryState> onRequest(
      Packet.Request request, InetSocketAddress source) {
    long id = request.id();
    Optional<String> refusal = refusalOf(request, source);
    if (refusal.isPresent()) {
      log.warn("refusing {} id {} from {}: {}", typeOf(request), id, source, refusal.get());
      metrics.requestRefused(PacketTypes.nameOf(request));
      send(ErrorReply.of(id, refusal.get()), source);
      return done();
    }
    Optional<String> speaker = speakerOf(request);
    if (speaker.isPresent() && canComeBack(speaker.get(), source)) {
      return proofOfLife(speaker.get(), source,
          () -> context.getSelf().tell(new AfterProofOfLife(request, source)));
    }
    if (speaker.isPresent() && state.done().contains(speaker.get(), id)) {
      // Done and written, its ACK maybe lost with a server that died: answered, not redone.
      log.info("repeat of {} id {} from {}: done already, answering again",
          typeOf(request), id, source);
      answer(source, id, ackFromServer(id));
      return done();
    }
    if (!recent.firstTime(source, id)) {
      Optional<Packet> answer = recent.replyTo(source, id);
      if (answer.isPresent() && answer.get() instanceof ConfReg confirmed
          && request instanceof Freg freg) {
        log.debug("repeat of freg id {} from {}: confirming again", id, source);
        confirm(freg.message().name(), source, id, confirmed.token());
      } else if (answer.isPresent()) {
        log.debug("repeat of {} id {} from {}: answering again", typeOf(request), id, source);
        send(answer.get(), source);
      } else {
        log.debug("repeat of {} id {} from {} in progress: ignored", typeOf(request), id, source);
      }
      return done();
    }
    metrics.requestAccepted(PacketTypes.nameOf(request));
    if (request instanceof Freg freg) {
      return onFreg(freg, source);
    } else if (request instanceof Dereg dereg) {
      return onDereg(dereg, source);
    } else if (request instanceof Reg reg) {
      return onReg(reg, source);
    } else if (request instanceof GroupChat groupChat) {
      return onGroupChat(groupChat, source);
    } else if (request instanceof ToOffline toOffline) {
      return onToOffline(toOffline, source);
    }
    return done();
  }

  /**
   * Who a request that proves its sender alive speaks for. Not freg, reg and dereg: they set the
   * client's presence themselves.
   */
  private static Optional<String> speakerOf(Packet.Request request) {
    if (request instanceof GroupChat groupChat) {
      return Optional.of(groupChat.name());
    } else if (request instanceof ToOffline toOffline) {
      return Optional.of(toOffline.nameFrom());
    }
    return Optional.empty();
  }

  /** Why the sender may not make this request; freg needs no session. */
  private Optional<String> refusalOf(Packet.Request request, InetSocketAddress source) {
    Gate gate = state.gate();
    if (request instanceof Dereg dereg) {
      return gate.refusal(dereg.name(), dereg.token(), source);
    } else if (request instanceof Reg reg) {
      return gate.refusal(reg.name(), reg.token(), source);
    } else if (request instanceof GroupChat groupChat) {
      return gate.refusal(groupChat.name(), groupChat.token(), source);
    } else if (request instanceof ToOffline toOffline) {
      return gate.refusal(toOffline.nameFrom(), toOffline.token(), source);
    }
    return Optional.empty();
  }

  private Effect<RegistryEvent, RegistryState> onFreg(Freg freg, InetSocketAddress source) {
    String name = freg.message().name();
    int statedPort = freg.message().port();
    if (statedPort != source.getPort()) {
      refuse(freg.id(), source, "stated port " + statedPort + " is not the port "
          + source.getPort() + " the request came from");
      return done();
    }
    Optional<ClientEntry> existing = state.clients().get(name);
    int maxClients = settings.limits().maxClients();
    if (existing.isEmpty() && state.clients().size() >= maxClients) {
      refuse(freg.id(), source, "the client table is full (" + maxClients + " clients)");
      return done();
    } else if (existing.isEmpty()) {
      log.info("registering new client {} at {}", name, source);
      Changes changes = changes();
      releaseAddress(changes, source, name);
      ClientEntry entry = ClientEntry.at(name, source, true);
      String token = state.sessions().newToken();
      changes.tableEvent(new ClientRegistered(name, entry.ip(), entry.port(), token));
      return persist(changes, () -> {
        printTable();
        confirm(name, source, freg.id(), token);
        schedulePublish();
      });
    } else if (existing.get().isAt(source)) {
      log.info("{} registered again from its own address {}: a restart, as reg", name, source);
      presumedGone.remove(name);
      wentSilent.remove(name);
      Changes changes = changes();
      boolean changed = releaseAddress(changes, source, name) || !existing.get().online();
      // A new process: a new session; the old process's token no longer counts.
      String token = state.sessions().newToken();
      changes.event(new ClientRestarted(name, token));
      return persist(changes, () -> {
        if (changed) {
          printTable();
        }
        confirm(name, source, freg.id(), token);
        if (changed) {
          schedulePublish();
        }
        deliverMailbox(name);
      });
    } else {
      log.info("refusing name {} to {}: it belongs to {}", name, source, existing.get().address());
      answer(source, freg.id(), new NoReg(freg.id(), ConsoleLines.invalidName()));
      return done();
    }
  }

  private Effect<RegistryEvent, RegistryState> onDereg(Dereg dereg, InetSocketAddress source) {
    log.info("{} goes offline", dereg.name());
    presumedGone.remove(dereg.name()); // its own wish now: a late ACK must not bring it back
    wentSilent.remove(dereg.name());
    Changes changes = changes();
    changes.wentOffline(dereg.name());
    return persist(changes, () -> {
      if (changes.tableChanged()) {
        publishTable();
      }
      answer(source, dereg.id(), ackFromServer(dereg.id()));
    });
  }

  private Effect<RegistryEvent, RegistryState> onReg(Reg reg, InetSocketAddress source) {
    log.info("{} comes back online", reg.name());
    presumedGone.remove(reg.name());
    wentSilent.remove(reg.name());
    Changes changes = changes();
    comeOnline(changes, reg.name(), source);
    return persist(changes, () -> {
      answer(source, reg.id(), ackFromServer(reg.id()));
      if (changes.tableChanged()) {
        publishTable();
      }
      deliverMailbox(reg.name());
    });
  }

  private Effect<RegistryEvent, RegistryState> onGroupChat(
      GroupChat groupChat, InetSocketAddress source) {
    String sender = groupChat.name();
    if (settings.limits().isTooLong(groupChat.message())) {
      refuse(groupChat.id(), source, tooLong(groupChat.message()));
      return done();
    }
    String time = Timestamps.now(clock);
    StoredMessage stored = StoredMessage.group(sender, time, groupChat.message());
    Changes changes = changes();
    List<Recipient> recipients = new ArrayList<>();
    for (ClientEntry client : state.clients().all()) {
      if (client.name().equals(sender)) {
        continue;
      }
      if (client.online()) {
        recipients.add(recipient(client,
            token -> new GroupChat(ids.next(), sender, groupChat.message(), token)));
      } else {
        store(changes, client.name(), stored);
      }
    }
    log.info("group message from {} at {}: delivering to {} online, stored for the rest",
        sender, time, recipients.size());
    if (!changes.isEmpty()) {
      changes.event(new RequestDone(sender, groupChat.id())); // no write of its own
    }
    return persist(changes, () -> {
      answer(source, groupChat.id(), ackFromServer(groupChat.id()));
      startRound(new GroupFanOut(sender, time, groupChat.message()), recipients, 1);
    });
  }

  private Effect<RegistryEvent, RegistryState> onToOffline(
      ToOffline request, InetSocketAddress source) {
    Optional<ClientEntry> recipient = state.clients().get(request.nameTo());
    if (settings.limits().isTooLong(request.message())) {
      refuse(request.id(), source, tooLong(request.message()));
    } else if (recipient.isEmpty()) {
      refuse(request.id(), source, "no client named " + request.nameTo() + " is registered");
    } else if (!recipient.get().online()) {
      return storeDirect(changes(), request, source, () -> {});
    } else {
      log.info("{} says {} did not answer: checking its status",
          request.nameFrom(), request.nameTo());
      startRound(new StatusCheckFor(request, source),
          List.of(recipient(recipient.get(), token -> new StatusCheck(ids.next(), token))), 1);
    }
    return done();
  }

  /**
   * An answer (ack or status_confirm) to a packet of ours counts only when it has the expected
   * type and comes from the very client and address the packet went to, in its current session.
   */
  private Effect<RegistryEvent, RegistryState> onAnswer(
      Packet.Reply answer, String from, String token, InetSocketAddress source) {
    Awaited awaited = awaiting.get(answer.id());
    if (awaited == null) {
      // Also the normal fate of a late ack to a packet that was sent more than once.
      log.debug("dropping {} id {} from {}: nothing is waiting for it",
          typeOf(answer), answer.id(), source);
      // Too late for its round, but still the client's own word, if it carries its session.
      boolean authentic = state.gate().refusal(from, token, source).isEmpty();
      return authentic && canComeBack(from, source) ? proofOfLife(from, source, () -> {}) : done();
    }
    Recipient recipient = awaited.recipient();
    boolean expectedType =
        recipient.packet() instanceof StatusCheck
            ? answer instanceof StatusConfirm
            : answer instanceof Ack;
    if (!expectedType) {
      log.info("dropping {} id {} from {}: not the answer to a {}",
          typeOf(answer), answer.id(), source, typeOf(recipient.packet()));
    } else if (!recipient.address().equals(source) || !recipient.name().equals(from)) {
      log.warn("{} id {} claims to be from {} at {}, but that packet went to {} at {}",
          typeOf(answer), answer.id(), from, source, recipient.name(), recipient.address());
      send(ErrorReply.of(answer.id(),
          kindOf(answer) + " for id " + answer.id() + " must come from " + recipient.name()
              + "'s registered address"), source);
    } else if (!state.sessions().isCurrent(recipient.name(), token)) {
      log.warn("{} id {} from {} does not carry {}'s current session token",
          typeOf(answer), answer.id(), source, recipient.name());
      send(ErrorReply.of(answer.id(),
          kindOf(answer) + " for id " + answer.id() + " needs " + recipient.name()
              + "'s session token"), source);
    } else {
      awaited.round().tell(new DeliveryRound.Answered(answer.id()));
      // The ACK of a mailbox offer brings its client back when that round ends (as after reg).
      boolean mailboxOffer = recipient.packet() instanceof OfflineMessages;
      if (!mailboxOffer && canComeBack(from, source)) {
        return proofOfLife(from, source, () -> {});
      }
    }
    return done();
  }

  /**
   * Whether {@code name}, offline for its silence, comes back online at {@code source} on a
   * request or answer it made there with its session: not if another client is online at that
   * address now, since a socket belongs to one client.
   */
  private boolean canComeBack(String name, InetSocketAddress source) {
    return wentSilent.contains(name)
        && state.clients().othersOnlineAt(source, name).isEmpty()
        && state.clients().get(name).map(c -> !c.online()).orElse(false);
  }

  /**
   * A client the server had marked offline for its silence has just spoken with its session: it
   * is alive, so it is online again (table printed and broadcast) and gets what was stored for it
   * meanwhile; then {@code then}.
   */
  private Effect<RegistryEvent, RegistryState> proofOfLife(
      String name, InetSocketAddress source, Runnable then) {
    log.info("{} was marked offline for its silence but has just spoken: online again", name);
    wentSilent.remove(name);
    presumedGone.remove(name);
    Changes changes = changes();
    comeOnline(changes, name, source);
    return persist(changes, () -> {
      publishTableIf(changes);
      offerMailbox(name);
      then.run();
    });
  }

  // ---- Round outcomes -----------------------------------------------------------------------

  private Effect<RegistryEvent, RegistryState> onRoundFinished(RoundFinished finished) {
    Outcome outcome = finished.outcome();
    outcome.answered().forEach(r -> awaiting.remove(r.id()));
    outcome.unanswered().forEach(r -> awaiting.remove(r.id()));
    metrics.roundFinished(outcome.answered().size(), outcome.unanswered().size());
    Purpose purpose = finished.purpose();
    if (purpose instanceof GroupFanOut groupFanOut) {
      return onGroupFanOutDone(groupFanOut, outcome);
    } else if (purpose instanceof MailboxDelivery delivery) {
      mailboxesUnderWay.remove(new Session(delivery.client(), delivery.session()));
      return onMailboxDeliveryDone(delivery, outcome);
    } else if (purpose instanceof ReceiptDelivery) {
      return onReceiptDeliveryDone(outcome);
    } else if (purpose instanceof StatusCheckFor statusCheck) {
      return onStatusCheckDone(statusCheck, outcome);
    } else if (purpose instanceof LivenessCheck) {
      return onLivenessCheckDone(outcome);
    }
    return done();
  }

  private Effect<RegistryEvent, RegistryState> onGroupFanOutDone(
      GroupFanOut groupFanOut, Outcome outcome) {
    return storeForSilent(
        outcome,
        "the group message from " + groupFanOut.sender(),
        silent ->
            StoredMessage.group(groupFanOut.sender(), groupFanOut.time(), groupFanOut.message()));
  }

  /**
   * Recipients that did not ACK a delivery from the server: each has what it missed stored, is
   * presumed gone, and is offered its mailbox once that is written.
   */
  private Effect<RegistryEvent, RegistryState> storeForSilent(
      Outcome outcome, String what, Function<Recipient, StoredMessage> missed) {
    Changes changes = changes();
    for (Recipient silent : outcome.unanswered()) {
      log.info("{} did not ack {}: offline, stored for it", silent.name(), what);
      // It may have shown it and only its ACK been lost: the id lets it skip the stored copy.
      store(changes, silent.name(), missed.apply(silent).shownAs(silent.id()));
      presumeGone(changes, silent);
    }
    return persist(changes, () -> {
      publishTableIf(changes);
      outcome.unanswered().forEach(silent -> offerMailbox(silent.name()));
    });
  }

  private Effect<RegistryEvent, RegistryState> onMailboxDeliveryDone(
      MailboxDelivery delivery, Outcome outcome) {
    String client = delivery.client();
    Changes changes = changes();
    if (outcome.unanswered().isEmpty()) {
      log.info("{} received {} offline messages", client, delivery.delivered().size());
      changes.event(new MailboxDelivered(client, delivery.delivered()));
      Recipient answered = outcome.answered().get(0);
      boolean back = presumedGone.remove(client);
      wentSilent.remove(client);
      if (back) {
        comeOnline(changes, client, answered.address());
      }
      List<Recipient> onlineSenders = receipts(changes, client, delivery.delivered());
      return persist(changes, () -> {
        if (back && changes.tableChanged()) {
          log.info("{} answered after all: online again", client);
        }
        publishTableIf(changes);
        startRound(new ReceiptDelivery(), onlineSenders, 1);
        if (!delivery.rest().isEmpty()) {
          deliverPart(client, delivery.rest(), true);
        } else {
          offerMailbox(client); // what was stored for it while this delivery was on its way
        }
      });
    }
    log.info("{} never acked its offline messages: offline again, mailbox kept", client);
    Recipient silent = outcome.unanswered().get(0);
    if (state.sessions().isCurrent(client, silent.session())) {
      presumedGone.remove(client); // gone indeed; a late round of an old process says nothing
    }
    if (markGone(changes, silent)) {
      wentSilent.add(client); // it may be alive with every ACK lost: its next word brings it back
    }
    return persist(changes, () -> publishTableIf(changes));
  }

  private Effect<RegistryEvent, RegistryState> onReceiptDeliveryDone(Outcome outcome) {
    return storeForSilent(
        outcome,
        "its receipt",
        silent -> {
          Receipt receipt = (Receipt) silent.packet();
          return StoredMessage.receipt(receipt.name(), receipt.timestamp());
        });
  }

  private Effect<RegistryEvent, RegistryState> onStatusCheckDone(
      StatusCheckFor statusCheck, Outcome outcome) {
    ToOffline request = statusCheck.request();
    if (outcome.unanswered().isEmpty()) {
      log.info("{} answered its status check: telling {} it exists",
          request.nameTo(), request.nameFrom());
      String exists = ConsoleLines.clientExists(request.nameTo());
      // Only the recipient's entry: the sender needs its address, and a whole table may not fit.
      ClientTable entry = ClientTable.of(state.clients().get(request.nameTo()).stream().toList());
      answer(statusCheck.requester(), request.id(), new ErrorReply(request.id(), exists, entry));
      return done();
    }
    log.info("{} did not answer its status check: offline", request.nameTo());
    Changes changes = changes();
    presumeGone(changes, outcome.unanswered().get(0));
    return storeDirect(changes, request, statusCheck.requester(),
        () -> offerMailbox(request.nameTo()));
  }

  private Effect<RegistryEvent, RegistryState> onLivenessCheckDone(Outcome outcome) {
    Changes changes = changes();
    for (Recipient silent : outcome.unanswered()) {
      log.info("{} did not answer since the restart: offline", silent.name());
      if (markGone(changes, silent)) {
        wentSilent.add(silent.name());
      }
    }
    return persist(changes, () -> publishTableIf(changes));
  }

  /**
   * A recipient that did not answer is offline, unless it has registered again since the packet
   * went out: then the silence was its old process's, and the new one is online.
   */
  private boolean markGone(Changes changes, Recipient silent) {
    if (!state.sessions().isCurrent(silent.name(), silent.session())) {
      log.info("{} has a new session since: it stays online", silent.name());
      return false;
    }
    return changes.wentOffline(silent.name());
  }

  /**
   * {@link #markGone}, for a client that did not answer one packet: it may be alive, so it is
   * offered its mailbox ({@link #offerMailbox}) and comes back online if it ACKs. Being presumed
   * gone is the running server's guess, not durable state: only the client's going offline is an
   * event.
   */
  private boolean presumeGone(Changes changes, Recipient silent) {
    if (!markGone(changes, silent)) {
      return false;
    }
    presumedGone.add(silent.name());
    wentSilent.add(silent.name());
    return true;
  }

  /**
   * Delivers what is kept for a client that the table shows online (a message stored because its
   * old process did not answer) or that is presumed gone, as after reg: else it would wait for a
   * reg that a client which believes itself online never sends.
   */
  private void offerMailbox(String client) {
    boolean online = state.clients().get(client).map(ClientEntry::online).orElse(false);
    if ((online || presumedGone.contains(client))
        && !state.mailbox().messagesFor(client).isEmpty()) {
      deliverMailbox(client);
    }
  }

  // ---- Deliveries ---------------------------------------------------------------------------

  /**
   * Stores a direct message for an offline client and, once that is written, ACKs it (after the
   * table, when {@code changes} also mark the recipient offline) and runs {@code then}; or says
   * its mailbox is full.
   */
  private Effect<RegistryEvent, RegistryState> storeDirect(
      Changes changes, ToOffline request, InetSocketAddress requester, Runnable then) {
    StoredMessage direct =
        StoredMessage.direct(request.nameFrom(), request.timestamp(), request.message());
    // The recipient may have shown the msg tried first, with only its ACK lost. Without one, the
    // to_offline's own id (the sender's, never sent to the recipient) names the entry.
    StoredMessage message =
        direct.shownAs(request.msgId() == null ? request.id() : request.msgId());
    boolean stored = store(changes, request.nameTo(), message);
    if (stored) {
      changes.event(new RequestDone(request.nameFrom(), request.id()));
    }
    return persist(changes, () -> {
      publishTableIf(changes);
      answer(requester, request.id(), stored
          ? ackFromServer(request.id())
          : ErrorReply.of(request.id(), ConsoleLines.mailboxFull(request.nameTo())));
      then.run();
    });
  }

  /** Plans to store a message for {@code client}; false (and logged) when its mailbox is full. */
  private boolean store(Changes changes, String client, StoredMessage stored) {
    // Every entry has an id its recipient remembers once shown: a mailbox offered again in a new
    // packet (every ACK of the last offer lost) is not shown twice. A group message or a receipt
    // that no packet has carried yet takes one of the server's ids, which no packet will carry.
    StoredMessage message =
        stored.id() == null && (stored.group() || stored.isReceipt())
            ? stored.shownAs(ids.next())
            : stored;
    if (changes.store(client, message)) {
      metrics.messageStored(
          message.isReceipt() ? "receipt" : message.group() ? "group" : "direct");
      log.info("storing a {} for {}", message.isReceipt() ? "receipt" : "message", client);
      return true;
    }
    log.warn("mailbox of {} is full ({} messages): {} from {} dropped", client,
        settings.limits().maxStoredMessages(), message.isReceipt() ? "receipt" : "message",
        message.isReceipt() ? "the server" : message.from());
    return false;
  }

  /**
   * Sends a client its whole mailbox (possibly empty: it is the answer to reg), in as many parts
   * as it takes, each retried like any request. If a delivery to the same session is still under
   * way, that one (retried, same id) serves this reg too; what was stored since stays for the
   * next one, so nothing is sent twice.
   */
  private void deliverMailbox(String client) {
    String session = state.sessions().tokenOf(client);
    boolean underWay = mailboxesUnderWay.contains(new Session(client, session));
    if (underWay) {
      log.info("offline messages for {} are already on their way", client);
      return;
    }
    List<StoredMessage> messages = state.mailbox().messagesFor(client);
    List<List<StoredMessage>> parts = MailboxParts.split(messages, session, codec);
    log.info("sending {} its {} offline messages in {} part(s)",
        client, messages.size(), parts.size());
    deliverPart(client, parts, false);
  }

  /** Sends the first of {@code parts}; the rest follow, one by one, as each is ACKed. */
  private void deliverPart(String client, List<List<StoredMessage>> parts, boolean continued) {
    List<StoredMessage> part = parts.get(0);
    ClientEntry entry = state.clients().get(client).orElseThrow();
    String session = state.sessions().tokenOf(client);
    mailboxesUnderWay.add(new Session(client, session));
    startRound(new MailboxDelivery(client, session, part, parts.subList(1, parts.size())),
        List.of(recipient(entry,
            token -> new OfflineMessages(ids.next(), part, continued, token))),
        settings.requestAttempts());
  }

  /**
   * The receipts for the senders of the direct messages {@code recipient} has just received (SPEC
   * §5): stored for offline senders (in {@code changes}), returned for the online ones.
   */
  private List<Recipient> receipts(
      Changes changes, String recipient, List<StoredMessage> delivered) {
    List<Recipient> onlineSenders = new ArrayList<>();
    for (StoredMessage message : delivered) {
      if (message.group() || message.isReceipt()) {
        continue;
      }
      Optional<ClientEntry> sender = state.clients().get(message.from());
      if (sender.isEmpty()) {
        log.warn("no client {} to receive the receipt from {}", message.from(), recipient);
      } else if (sender.get().online()) {
        onlineSenders.add(recipient(sender.get(),
            token -> new Receipt(ids.next(), recipient, message.time(), token)));
      } else {
        log.info("storing the receipt from {} for offline {}", recipient, message.from());
        store(changes, message.from(), StoredMessage.receipt(recipient, message.time()));
      }
    }
    return onlineSenders;
  }

  /** A packet for {@code client}, carrying its current session token. */
  private Recipient recipient(ClientEntry client, Function<String, Packet.Request> packet) {
    String session = state.sessions().tokenOf(client.name());
    return new Recipient(client.name(), client.address(), packet.apply(session), session);
  }

  private void startRound(Purpose purpose, List<Recipient> recipients, int attempts) {
    if (recipients.isEmpty()) {
      return;
    }
    ActorRef<DeliveryRound.Command> round =
        context.spawnAnonymous(
            Behaviors.withMdc(
                DeliveryRound.Command.class,
                MDC,
                DeliveryRound.create(recipients, attempts, settings.ackTimeout(), socket,
                    context.getSelf(), outcome -> new RoundFinished(purpose, outcome))));
    metrics.roundStarted();
    for (Recipient recipient : recipients) {
      trace("->", recipient.packet(), recipient.address());
      awaiting.put(recipient.id(), new Awaited(recipient, round));
    }
  }

  // ---- Table ----------------------------------------------------------------------------------

  /**
   * Plans to mark {@code name} online at {@code address}. Any other client still online at that
   * address goes offline: a socket belongs to one client, so the old one is gone.
   */
  private void comeOnline(Changes changes, String name, InetSocketAddress address) {
    releaseAddress(changes, address, name);
    if (!state.clients().get(name).orElseThrow().online()) {
      changes.tableEvent(new CameOnline(name));
    }
  }

  /** Plans to mark offline the other clients online at {@code address}; true if there are any. */
  private boolean releaseAddress(Changes changes, InetSocketAddress address, String newHolder) {
    boolean changed = false;
    for (ClientEntry previous : state.clients().othersOnlineAt(address, newHolder)) {
      log.info("{} is now used by {}: {} is offline", address, newHolder, previous.name());
      wentSilent.remove(previous.name());
      changed |= changes.wentOffline(previous.name());
    }
    return changed;
  }

  private void publishTableIf(Changes changes) {
    if (changes.tableChanged()) {
      publishTable();
    }
  }

  /** Prints the table now; the online clients get its changes once the mailbox is drained. */
  private void publishTable() {
    printTable();
    schedulePublish();
  }

  /**
   * The seed's table line; a table bigger than {@code printed-table-max} prints only what changed
   * since the last line, so a change costs the console the same at any size.
   */
  private void printTable() {
    ClientRegistry clients = state.clients();
    console.line(ConsoleLines.tableUpdated());
    if (clients.size() <= settings.limits().printedTableMax()) {
      console.raw(clients.snapshot().toSeedString());
    } else {
      List<ClientEntry> changed = clients.changedSince(printedVersion);
      console.raw(ConsoleLines.tableChanges(
          ClientTable.of(changed).toSeedString(), changed.size(), clients.size()));
    }
    printedVersion = clients.version();
  }

  private void schedulePublish() {
    if (!publishPending) {
      publishPending = true;
      context.getSelf().tell(PublishTable.INSTANCE);
    }
  }

  /**
   * Best effort, never retried: every online client gets the changes since the last broadcast, in
   * as many parts as they take, each copy with its recipient's token; but not a registrant whose
   * conf_reg already had them all.
   */
  private Effect<RegistryEvent, RegistryState> onPublishTable() {
    publishPending = false;
    long version = state.clients().version();
    if (version == publishedVersion) {
      confirmedSincePublish.clear();
      return done();
    }
    List<ClientTable> parts = tableParts.split(state.clients().changedSince(publishedVersion));
    List<ClientEntry> online = state.clients().online();
    log.debug("table version {}: {} part(s) of changes since {} to {} online clients",
        version, parts.size(), publishedVersion, online.size());
    for (ClientEntry client : online) {
      Long confirmedAt = confirmedSincePublish.get(client.name());
      if (confirmedAt == null || confirmedAt < version) {
        String token = state.sessions().tokenOf(client.name());
        sendParts(client.address(), publishedVersion, parts, 1, token);
      }
    }
    confirmedSincePublish.clear();
    publishedVersion = version;
    return done();
  }

  /**
   * conf_reg: the session token and the first part of the whole table; the other parts follow at
   * once as table_update (base 0). A repeated freg is confirmed again, with the same token and
   * the table as it is then; parts that went missing the client asks for with table_sync.
   */
  private void confirm(String name, InetSocketAddress registrant, long fregId, String token) {
    List<ClientTable> parts = tableParts.split(state.clients().all(), wholeTable);
    wholeTable = parts;
    long version = state.clients().version();
    confirmedSincePublish.put(name, version);
    // Only the token is kept for a repeat: a table in each of thousands of remembered answers
    // would cost more than the table itself.
    recent.replied(registrant, fregId, new ConfReg(fregId, ClientTable.EMPTY, token));
    send(new ConfReg(fregId, version, parts.size(), parts.get(0), token), registrant);
    sendParts(registrant, 0, parts, 2, token);
  }

  /** A client missed an update or a part: it gets the changes after the version it has. */
  private Effect<RegistryEvent, RegistryState> onTableSync(
      TableSync sync, InetSocketAddress source) {
    Optional<String> refusal = state.gate().refusal(sync.name(), sync.token(), source);
    if (refusal.isPresent()) {
      log.warn("refusing table_sync from {}: {}", source, refusal.get());
      metrics.requestRefused(PacketTypes.nameOf(sync));
      send(ErrorReply.of(0, refusal.get()), source);
      return done();
    }
    metrics.requestAccepted(PacketTypes.nameOf(sync));
    if (canComeBack(sync.name(), source)) {
      // Online first: the parts it is then sent already show it so.
      return proofOfLife(sync.name(), source, () -> sendTableAfter(sync, source));
    }
    sendTableAfter(sync, source);
    return done();
  }

  private void sendTableAfter(TableSync sync, InetSocketAddress source) {
    long version = state.clients().version();
    // A client ahead of the server (it cannot be, but a peer may claim anything) starts afresh.
    long base = sync.version() <= version ? sync.version() : 0;
    List<ClientTable> parts = tableParts.split(state.clients().changedSince(base));
    log.debug("{} asks for the table after version {}: {} part(s) up to {}",
        sync.name(), sync.version(), parts.size(), version);
    sendParts(source, base, parts, 1, state.sessions().tokenOf(sync.name()));
  }

  /** Sends {@code parts} from number {@code first} on (1-based) as table_update, base to now. */
  private void sendParts(
      InetSocketAddress to, long base, List<ClientTable> parts, int first, String token) {
    long version = state.clients().version();
    for (int part = first; part <= parts.size(); part++) {
      send(new TableUpdate(version, base, part, parts.size(), parts.get(part - 1), token), to);
    }
  }

  // ---- Replies --------------------------------------------------------------------------------

  private String tooLong(String message) {
    return "message of " + ChatLimits.length(message) + " characters exceeds the limit of "
        + settings.limits().maxMessageChars();
  }

  private void refuse(long id, InetSocketAddress source, String reason) {
    log.warn("refusing request id {} from {}: {}", id, source, reason);
    answer(source, id, ErrorReply.of(id, reason));
  }

  private static Ack ackFromServer(long id) {
    return new Ack(id, NODE);
  }

  /** Sends the answer to a client's request and remembers it for repeats. */
  private void answer(InetSocketAddress to, long requestId, Packet reply) {
    recent.replied(to, requestId, reply);
    send(reply, to);
  }

  private void send(Packet packet, InetSocketAddress to) {
    trace("->", packet, to);
    socket.tell(new Transport.Send(packet, to));
  }

  /**
   * The packets' contents, at TRACE: the transport's trace (DEBUG) already has a line per datagram,
   * and encoding each packet a second time would cost the busy path more than the datagram.
   */
  private void trace(String direction, Packet packet, InetSocketAddress peer) {
    if (log.isTraceEnabled()) {
      log.trace("{} {} {}", direction, peer, codec.toJson(packet));
    }
  }

  private static String typeOf(Packet packet) {
    return packet.getClass().getSimpleName();
  }

  private static String kindOf(Packet.Reply answer) {
    return answer instanceof Ack ? "ack" : "status_confirm";
  }
}
