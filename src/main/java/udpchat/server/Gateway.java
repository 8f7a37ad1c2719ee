package udpchat.server;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.slf4j.Logger;
import udpchat.NodeExit;
import udpchat.console.Console;
import udpchat.console.ConsoleLines;
import udpchat.metrics.MetricsReporter;
import udpchat.metrics.MetricsSettings;
import udpchat.protocol.Packet;
import udpchat.protocol.Packet.Ack;
import udpchat.protocol.Packet.ErrorReply;
import udpchat.protocol.Packet.Freg;
import udpchat.protocol.Packet.GroupChat;
import udpchat.protocol.Packet.StatusConfirm;
import udpchat.protocol.Packet.TableSync;
import udpchat.protocol.Packet.ToOffline;
import udpchat.protocol.PacketTypes;
import udpchat.server.DeliveryRound.Outcome;
import udpchat.server.DeliveryRound.Recipient;
import udpchat.transport.Transport;
import udpchat.transport.TransportFactory;

/**
 * A server node's door: it owns the UDP socket, checks each datagram's sender against the table,
 * hands each request to the entity of the name it carries, and runs the delivery rounds (the
 * packets the server waits for answers to, in {@link Awaiting}). It keeps a replica of the
 * directory's table ({@link Roster}) to print and to check senders without asking an entity; its
 * {@link TablePublisher} sends the table to the clients.
 */
public final class Gateway {

  public sealed interface Command {}

  /** Where a push goes: a client, at its address, in its session. */
  public record Target(String name, InetSocketAddress address, String token) {}

  /** Send {@code packet} to {@code to}. */
  public record Send(Packet packet, InetSocketAddress to) implements Command, CrossNode {}

  /** The answer to a {@code freg}: sent, and remembered for the freg's repeats. */
  public record Reply(InetSocketAddress to, long fregId, Packet reply)
      implements Command, CrossNode {}

  /** {@code name} registered (or its freg was repeated): conf_reg with its token and the table. */
  public record Confirm(String name, InetSocketAddress registrant, long fregId, String token)
      implements Command, CrossNode {}

  /** A request that {@code name}'s entity checked and handed back: the gateway carries it out. */
  public record Accepted(String name, Packet request, InetSocketAddress source)
      implements Command, CrossNode {}

  /** Send {@code push} to {@code targets}, each up to {@code attempts} times, and report. */
  public record Deliver(Push push, List<Target> targets, int attempts, ActorRef<Pushed> replyTo)
      implements Command, CrossNode {}

  /** Who answered a {@link Deliver}. */
  public record Pushed(Push push, Outcome outcome) implements CrossNode {}

  /** For tests: the server's state as it is now. */
  public record Inspect(ActorRef<RegistrySnapshot> replyTo)
      implements Command, NoSerializationVerificationNeeded {}

  private record FromSocket(Transport.Event event) implements Command {}

  private enum SocketClosed implements Command { INSTANCE }

  private record TableChanged(Directory.Changed change) implements Command {}

  /** Still starting: ask the directory for the whole table again. */
  private record AskForTable(Directory.TableWanted wanted) implements Command {}

  private static final Duration TABLE_ASKED_AGAIN = Duration.ofSeconds(3);

  private record RoundFinished(Deliver deliver, Outcome outcome) implements Command {}

  private record ReportGauges(MetricsReporter.GaugesWanted request) implements Command {}

  /** Broadcast the table's changes: after a change once the mailbox is drained; at a window end. */
  private enum PublishTable implements Command { INSTANCE }

  private final ActorContext<Command> context;
  private final Logger log;
  private final int port;
  private final ServerSettings settings;
  private final Console console;
  private final Consumer<NodeExit> onExit;
  private final ActorRef<ShardingEnvelope<ClientEntity.Command>> entities;
  private final ActorRef<Directory.Command> directory;
  private final Awaiting awaiting = new Awaiting();
  private final Roster roster;
  private final TablePublisher publisher;
  private final HandedBack handedBack;
  private final TimerScheduler<Command> timers;

  public static Behavior<Command> create(
      int port, ServerSettings settings, Console console, Clock clock,
      TransportFactory transport, Consumer<NodeExit> onExit, MetricsSettings metricsSettings,
      ActorRef<Directory.Command> directory, EntityHost host) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      ActorRef<ShardingEnvelope<ClientEntity.Command>> entities =
          host.start(context, context.getSelf());
      ActorRef<Directory.Changed> tableChanges =
          context.messageAdapter(Directory.Changed.class, TableChanged::new);
      context.getSystem().receptionist().tell(
          Receptionist.register(Directory.gatewaysOf(settings.journal()), tableChanges));
      // Asked for as well, until it comes: the listing's copy to a node just joined can be lost.
      Directory.TableWanted wanted = new Directory.TableWanted(tableChanges);
      directory.tell(wanted);
      timers.startTimerWithFixedDelay(AskForTable.class, new AskForTable(wanted), TABLE_ASKED_AGAIN);
      Gateway gateway = new Gateway(
          context, timers, port, settings, console, clock, onExit, entities, directory);
      return gateway.starting(transport, metricsSettings);
    }));
  }

  private Gateway(ActorContext<Command> context, TimerScheduler<Command> timers, int port,
      ServerSettings settings, Console console, Clock clock, Consumer<NodeExit> onExit,
      ActorRef<ShardingEnvelope<ClientEntity.Command>> entities,
      ActorRef<Directory.Command> directory) {
    this.context = context;
    this.timers = timers;
    this.directory = directory;
    this.log = context.getLog();
    this.port = port;
    this.settings = settings;
    this.console = console;
    this.onExit = onExit;
    this.entities = entities;
    this.roster = new Roster(settings, console);
    this.publisher = new TablePublisher(roster, settings, log);
    this.handedBack = new HandedBack(context, settings, clock, roster, entities, directory);
  }

  /** Waiting for the directory's table: only then does the socket open. */
  private Behavior<Command> starting(TransportFactory transport, MetricsSettings metricsSettings) {
    return Behaviors.receive(Command.class)
        .onMessage(AskForTable.class, ask -> {
          directory.tell(ask.wanted());
          return Behaviors.same();
        })
        .onMessage(TableChanged.class, changed -> {
          timers.cancel(AskForTable.class);
          publisher.apply(changed.change());
          InetSocketAddress local = new InetSocketAddress(settings.chat().bindHost(), port);
          ActorRef<Transport.Command> socket = transport.open(
              context, local, context.messageAdapter(Transport.Event.class, FromSocket::new));
          // Without its socket the server is deaf: end the process rather than hang.
          context.watchWith(socket, SocketClosed.INSTANCE);
          context.spawn(MetricsReporter.create(settings.metrics(),
              context.messageAdapter(MetricsReporter.GaugesWanted.class, ReportGauges::new),
              metricsSettings), "metrics");
          log.debug("opening UDP port {} on {}", port, settings.chat().bindHost());
          return serving(socket);
        })
        .build();
  }

  private Behavior<Command> serving(ActorRef<Transport.Command> socket) {
    return Behaviors.receive(Command.class)
        .onMessage(FromSocket.class, fromSocket -> onSocketEvent(socket, fromSocket.event()))
        .onMessage(Send.class, send -> send(socket, send.packet(), send.to()))
        .onMessage(Reply.class, reply -> sendAll(socket, publisher.replied(reply)))
        .onMessage(Accepted.class, accepted -> onAccepted(socket, accepted))
        .onMessage(Deliver.class, deliver -> startRound(socket, deliver))
        .onMessage(RoundFinished.class, this::onRoundFinished)
        .onMessage(TableChanged.class, changed -> onTableChanged(socket, changed.change()))
        .onMessageEquals(PublishTable.INSTANCE, () -> {
          sendAll(socket, publisher.publish());
          if (publisher.holding()) {
            timers.startSingleTimer(PublishTable.INSTANCE, publisher.window());
          }
          return Behaviors.same();
        })
        .onMessage(Inspect.class, inspect -> query(ServerQuery.snapshot(
            roster.table().snapshot(), awaiting.size(), entities, inspect.replyTo())))
        .onMessage(ReportGauges.class, report -> query(ServerQuery.gauges(
            roster.table().snapshot(), roster.table().version(), settings.metrics(),
            report.request().replyTo())))
        .onMessageEquals(SocketClosed.INSTANCE, () -> {
          log.error("the server socket stopped");
          onExit.accept(
              NodeExit.failed("The server's UDP socket on port " + port + " closed unexpectedly"));
          return Behaviors.stopped();
        })
        .build();
  }

  // ---- Incoming datagrams -------------------------------------------------------------------

  private Behavior<Command> onSocketEvent(
      ActorRef<Transport.Command> socket, Transport.Event event) {
    if (event instanceof Transport.Bound bound) {
      log.info("listening on {}", bound.localAddress());
      console.line(ConsoleLines.serverListening(port));
      checkLiveness();
    } else if (event instanceof Transport.BindFailed failed) {
      log.error("cannot bind {}: {}", failed.localAddress(), failed.reason());
      // The transport's reason is already one whole sentence ("Port 5000 is already in use").
      onExit.accept(NodeExit.failed(failed.reason()));
      return Behaviors.stopped();
    } else if (event instanceof Transport.Received received) {
      onPacket(socket, received.packet(), received.from());
    } else if (event instanceof Transport.Rejected rejected) {
      // A well-formed error is never answered, so two nodes cannot bounce errors between them.
      log.warn("malformed datagram from {}: {}", rejected.from(), rejected.reason());
      send(socket, ErrorReply.of(0, "malformed packet: " + rejected.reason()), rejected.from());
    } else {
      log.warn("ignoring socket event {}", event);
    }
    return Behaviors.same();
  }

  /** After a restart: are the clients that were online before it still there? */
  private void checkLiveness() {
    if (!publisher.publishes()) {
      return; // a node joining a running cluster: the clients were served all along
    }
    List<Target> online = new ArrayList<>();
    roster.othersThan(null, new ArrayList<>(), online);
    if (!online.isEmpty()) {
      context.spawnAnonymous(ChatServer.onServer(Gateway.Pushed.class, LivenessCheck.create(
          online, settings.chat().requestAttempts(), context.getSelf(), entities, directory)));
    }
  }

  private void onPacket(ActorRef<Transport.Command> socket, Packet packet, InetSocketAddress source) {
    Optional<Requests.Speaker> speaker = Requests.speakerOf(packet);
    if (packet instanceof Ack ack) {
      onAnswer(socket, ack, ack.from(), ack.token(), source);
    } else if (packet instanceof StatusConfirm confirm) {
      onAnswer(socket, confirm, confirm.from(), confirm.token(), source);
    } else if (packet instanceof Freg freg) {
      onFreg(socket, freg, source);
    } else if (speaker.isPresent()) {
      onRequest(socket, packet, speaker.get().name(), source);
    } else {
      // conf_reg, error, msg, … are for clients: answering them could start a loop.
      log.info("dropping unexpected {} from {}", PacketTypes.nameOf(packet), source);
    }
  }

  /** A request that speaks for {@code name}: checked against the table, then its entity's. */
  private void onRequest(
      ActorRef<Transport.Command> socket, Packet packet, String name, InetSocketAddress source) {
    Optional<String> refusal = roster.refusal(name, source);
    if (refusal.isPresent()) {
      log.warn("refusing {} from {}: {}", PacketTypes.nameOf(packet), source, refusal.get());
      settings.metrics().requestRefused(PacketTypes.nameOf(packet));
      send(socket, ErrorReply.of(Requests.idOf(packet), refusal.get()), source);
      return;
    }
    entities.tell(new ShardingEnvelope<>(name,
        new ClientEntity.Request(packet, source, roster.isAddressFree(source, name))));
  }

  /** A freg: answered at once (a refusal, a repeat), or handed to the entity of its name. */
  private void onFreg(ActorRef<Transport.Command> socket, Freg freg, InetSocketAddress source) {
    Optional<List<Transport.Send>> answer = publisher.answer(freg, source);
    if (answer.isPresent()) {
      sendAll(socket, answer.get());
    } else {
      settings.metrics().requestAccepted(PacketTypes.nameOf(freg));
      entities.tell(new ShardingEnvelope<>(freg.message().name(),
          new ClientEntity.Register(source, freg.id())));
    }
  }

  /** An answer (ack or status_confirm) to a packet of ours, checked by {@link AnswerCheck}. */
  private void onAnswer(ActorRef<Transport.Command> socket, Packet.Reply answer, String from,
      String token, InetSocketAddress source) {
    Awaiting.Awaited awaited = awaiting.get(answer.id());
    if (awaited == null) {
      // Also the normal fate of a late ack to a packet that was sent more than once.
      log.debug("dropping {} id {} from {}: nothing is waiting for it",
          PacketTypes.nameOf(answer), answer.id(), source);
      spoke(from, token, source); // too late for its round, but still the client's own word
      return;
    }
    Recipient recipient = awaited.recipient();
    AnswerCheck.Verdict verdict = AnswerCheck.of(
        recipient, answer, from, token, source, roster.tokenOf(recipient.name()));
    if (verdict instanceof AnswerCheck.Dropped dropped) {
      log.info("dropping {}", dropped.why());
    } else if (verdict instanceof AnswerCheck.Refused refused) {
      log.warn("{}", refused.why());
      send(socket, refused.error(), source);
    } else {
      awaited.round().tell(new DeliveryRound.Answered(answer.id()));
      // The ACK of a mailbox offer brings its client back when that part is delivered.
      if (!(recipient.packet() instanceof Packet.OfflineMessages)) {
        spoke(from, token, source);
      }
    }
  }

  /** A client the table shows offline has just answered: its entity decides if it is alive. */
  private void spoke(String name, String token, InetSocketAddress source) {
    if (roster.isOfflineAt(name, source)) {
      entities.tell(new ShardingEnvelope<>(name,
          new ClientEntity.Spoke(token, source, roster.isAddressFree(source, name))));
    }
  }

  // ---- Requests the entities handed back ------------------------------------------------------

  private Behavior<Command> onAccepted(ActorRef<Transport.Command> socket, Accepted accepted) {
    Packet request = accepted.request();
    if (request instanceof TableSync sync) {
      sendAll(socket, publisher.partsAfter(sync, accepted.source()));
    } else if (request instanceof GroupChat groupChat) {
      handedBack.groupChat(groupChat);
    } else if (request instanceof ToOffline toOffline) {
      handedBack.toOffline(toOffline);
    }
    return Behaviors.same();
  }

  // ---- Rounds ---------------------------------------------------------------------------------

  private Behavior<Command> startRound(ActorRef<Transport.Command> socket, Deliver deliver) {
    List<Recipient> recipients = awaiting.recipients(deliver);
    recipients.forEach(recipient ->
        socket.tell(new Transport.Send(recipient.packet(), recipient.address())));
    ActorRef<DeliveryRound.Command> round = context.spawnAnonymous(ChatServer.onServer(
        DeliveryRound.Command.class,
        DeliveryRound.afterFirstAttempt(recipients, deliver.attempts(),
            settings.chat().ackTimeout(), socket, context.getSelf(),
            outcome -> new RoundFinished(deliver, outcome))));
    settings.metrics().roundStarted();
    awaiting.add(recipients, round);
    return Behaviors.same();
  }

  private Behavior<Command> onRoundFinished(RoundFinished finished) {
    Outcome outcome = finished.outcome();
    awaiting.remove(outcome);
    settings.metrics().roundFinished(outcome.answered().size(), outcome.unanswered().size());
    finished.deliver().replyTo().tell(new Pushed(finished.deliver().push(), outcome));
    return Behaviors.same();
  }

  // ---- Table ----------------------------------------------------------------------------------

  private Behavior<Command> onTableChanged(
      ActorRef<Transport.Command> socket, Directory.Changed change) {
    sendAll(socket, publisher.apply(change));
    if (publisher.publishSoon()) {
      context.getSelf().tell(PublishTable.INSTANCE);
    }
    if (!publisher.publishes()) {
      return Behaviors.same(); // the directory's node takes the released clients' entities in hand
    }
    change.released().forEach(name -> entities.tell(
        new ShardingEnvelope<>(name, ClientEntity.AddressTaken.INSTANCE)));
    return Behaviors.same();
  }

  // ---- Replies --------------------------------------------------------------------------------

  private Behavior<Command> sendAll(ActorRef<Transport.Command> socket, List<Transport.Send> sends) {
    sends.forEach(socket::tell);
    return Behaviors.same();
  }

  /** A short-lived child answers a question about the whole server (its entities included). */
  private Behavior<Command> query(Behavior<ServerQuery.Command> query) {
    context.spawnAnonymous(ChatServer.onServer(ServerQuery.Command.class, query));
    return Behaviors.same();
  }

  private Behavior<Command> send(
      ActorRef<Transport.Command> socket, Packet packet, InetSocketAddress to) {
    socket.tell(new Transport.Send(packet, to));
    return Behaviors.same();
  }
}
