package udpchat.client;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;
import udpchat.NodeExit;
import udpchat.config.ChatLimits;
import udpchat.config.ChatSettings;
import udpchat.console.Console;
import udpchat.console.ConsoleLines;
import udpchat.console.LineSource;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.NamePort;
import udpchat.protocol.Packet;
import udpchat.protocol.PacketIds;
import udpchat.protocol.Timestamps;
import udpchat.transport.Transport;
import udpchat.transport.TransportFactory;

/**
 * A chat client (SPEC §2, §3, §6): registers with the server, runs the person's commands one at a
 * time, and shows what others send. One behaviour per state:
 *
 * <pre>
 *   binding ─▶ registering ─▶ online ⇄ awaiting (a command waits for its answer)
 *                                ▲  ⇅
 *                                └─ offline (after dereg)          any state ─▶ exiting
 * </pre>
 *
 * While a command waits, the commands typed after it are stashed and run afterwards in the order
 * typed; packets that arrive meanwhile are handled at once.
 */
public final class ClientActor {

  /** What the client actor understands. */
  public sealed interface Command {}

  /** A line the person typed. */
  public record Typed(String line) implements Command {}

  /** Input has ended (Ctrl-D, a closed pipe): the same as typing {@code quit}. */
  public record EndOfInput() implements Command {}

  /** Ctrl-C: leave at once, without telling the server (a silent leave). */
  public record SilentLeave() implements Command {}

  /** Something happened on the client's socket. */
  private record FromSocket(Transport.Event event) implements Command {}

  /** The request with this id has waited one ACK timeout. */
  private record AckTimeout(long id) implements Command {}

  /** Parts of a table update, or the answer to a table_sync, have not all come in time. */
  private enum TableTimeout implements Command {
    INSTANCE
  }

  /** The exit status of a silent leave, as for a process ended by SIGINT. */
  public static final int SILENT_LEAVE_STATUS = 130;

  private static final String ACK_TIMER = "ack-timeout";
  private static final String TABLE_TIMER = "table-timeout";
  private static final int TYPED_AHEAD_LIMIT = 10_000;

  private final TimerScheduler<Command> timers;
  private final StashBuffer<Command> typedAhead;
  private final ClientOptions options;
  private final ChatSettings settings;
  private final Console console;
  private final Clock clock;
  private final Consumer<NodeExit> onExit;
  private final ActorRef<Transport.Command> socket;
  private final Inbox inbox;
  private final PacketIds ids = new PacketIds();
  private final String me;
  private final Logger log;

  /** The client table as the server sent it (conf_reg, table_update, "exists" errors). */
  private final TableReplica table;

  /** The session token of the last conf_reg; null until registered. */
  private String session;

  /** Opens the socket and starts reading input; the actor begins in {@link #binding()}. */
  private ClientActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      StashBuffer<Command> typedAhead,
      ClientOptions options,
      ChatSettings settings,
      Console console,
      Clock clock,
      TransportFactory transport,
      Consumer<NodeExit> onExit,
      Optional<LineSource> input) {
    this.timers = timers;
    this.typedAhead = typedAhead;
    this.options = options;
    this.settings = settings;
    this.console = console;
    this.clock = clock;
    this.onExit = onExit;
    this.me = options.name();
    this.log = context.getLog();
    this.table = new TableReplica(settings.requestAttempts());
    ActorRef<Transport.Event> events =
        context.messageAdapter(Transport.Event.class, FromSocket::new);
    InetSocketAddress local = new InetSocketAddress(settings.bindHost(), options.clientPort());
    this.socket = transport.open(context, local, events);
    this.inbox =
        new Inbox(
            options,
            settings.recentIds(),
            console,
            socket,
            log,
            () -> session,
            table,
            this::afterTableUpdate);
    input.ifPresent(
        lines ->
            context.spawn(ConsoleReader.create(me, lines, context.getSelf()), "console-reader"));
  }

  public static Behavior<Command> create(
      ClientOptions options,
      ChatSettings settings,
      Console console,
      Clock clock,
      TransportFactory transport,
      Consumer<NodeExit> onExit,
      Optional<LineSource> input) {
    return Behaviors.withMdc(
        Command.class,
        Map.of("node", options.name()),
        Behaviors.setup(
            context ->
                Behaviors.withTimers(
                    timers ->
                        Behaviors.withStash(
                            TYPED_AHEAD_LIMIT,
                            typedAhead ->
                                new ClientActor(
                                        context,
                                        timers,
                                        typedAhead,
                                        options,
                                        settings,
                                        console,
                                        clock,
                                        transport,
                                        onExit,
                                        input)
                                    .binding()))));
  }

  // ---------------------------------------------------------------- states

  /** Waiting for the socket; lines typed meanwhile wait for registration. */
  private Behavior<Command> binding() {
    return Behaviors.receive(Command.class)
        .onMessage(FromSocket.class, message -> bindingResult(message.event()))
        .onMessage(Typed.class, this::holdForLater)
        .onMessage(EndOfInput.class, this::holdForLater)
        .onMessage(SilentLeave.class, message -> silentLeave())
        .build();
  }

  /** {@code freg} sent; waiting for conf_reg, no_reg or error. */
  private Behavior<Command> registering(PendingRequest freg) {
    return Behaviors.receive(Command.class)
        .onMessage(
            FromSocket.class,
            message ->
                answerTo(freg, message.event())
                    .map(this::registrationAnswered)
                    .orElseGet(() -> unsolicited(message.event(), true)))
        .onMessage(
            AckTimeout.class,
            timeout -> timedOut(timeout, freg, this::registering, this::serverGone))
        .onMessage(Typed.class, this::holdForLater)
        .onMessage(EndOfInput.class, this::holdForLater)
        .onMessage(SilentLeave.class, message -> silentLeave())
        .build();
  }

  /** Registered and online, with no command in flight. */
  private Behavior<Command> online() {
    return Behaviors.receive(Command.class)
        .onMessage(Typed.class, typed -> whileOnline(CommandParser.parse(typed.line())))
        .onMessage(EndOfInput.class, message -> goOffline(true))
        .onMessage(SilentLeave.class, message -> silentLeave())
        .onMessage(FromSocket.class, message -> unsolicited(message.event(), true))
        .onMessage(AckTimeout.class, timeout -> Behaviors.same()) // of an answered request
        .onMessageEquals(TableTimeout.INSTANCE, this::onTableTimeout)
        .build();
  }

  /**
   * A command waits for its answer; the lines typed after it wait their turn. Chat traffic is shown
   * meanwhile, also while a {@code reg} waits for its ACK: the server already counts the client
   * online then.
   */
  private Behavior<Command> awaiting(Errand errand, PendingRequest pending) {
    return Behaviors.receive(Command.class)
        .onMessage(
            FromSocket.class,
            message ->
                answerTo(pending, message.event())
                    .map(reply -> answered(errand, reply))
                    .orElseGet(() -> unsolicited(message.event(), true)))
        .onMessage(
            AckTimeout.class,
            timeout ->
                timedOut(
                    timeout, pending, next -> awaiting(errand, next), () -> unanswered(errand)))
        .onMessageEquals(TableTimeout.INSTANCE, this::onTableTimeout)
        .onMessage(Typed.class, this::holdForLater)
        .onMessage(EndOfInput.class, this::holdForLater)
        .onMessage(SilentLeave.class, message -> silentLeave())
        .build();
  }

  /** After dereg: only reg, list, help and quit; chat is ignored, so the server stores it. */
  private Behavior<Command> offline() {
    return Behaviors.receive(Command.class)
        .onMessage(Typed.class, typed -> whileOffline(CommandParser.parse(typed.line())))
        .onMessage(EndOfInput.class, message -> exiting(NodeExit.ok()))
        .onMessage(SilentLeave.class, message -> silentLeave())
        .onMessage(FromSocket.class, message -> unsolicited(message.event(), false))
        .onMessage(AckTimeout.class, timeout -> Behaviors.same())
        .onMessageEquals(TableTimeout.INSTANCE, this::onTableTimeout)
        .build();
  }

  /** Tells the process how to end, then stops (and with it the socket and the reader). */
  private Behavior<Command> exiting(NodeExit exit) {
    log.debug("exiting with status {}", exit.status());
    timers.cancelAll();
    onExit.accept(exit);
    return Behaviors.stopped();
  }

  // ---------------------------------------------------------------- registration

  private Behavior<Command> bindingResult(Transport.Event event) {
    if (event instanceof Transport.Bound bound) {
      log.debug("socket bound at {}", bound.localAddress());
      Packet.Freg freg = new Packet.Freg(ids.next(), new NamePort(me, options.clientPort()));
      return registering(
          transmit(PendingRequest.first(freg, options.server(), settings.requestAttempts())));
    }
    if (event instanceof Transport.BindFailed failed) {
      log.debug("binding {} failed: {}", failed.localAddress(), failed.reason());
      return exiting(NodeExit.failed(failed.reason()));
    }
    log.debug("socket not bound yet, ignoring {}", event);
    return Behaviors.same();
  }

  private Behavior<Command> registrationAnswered(Packet.Reply reply) {
    if (reply instanceof Packet.ConfReg confirmed) {
      settled(reply);
      session = confirmed.token();
      afterTableUpdate(table.confirmed(confirmed));
      console.line(ConsoleLines.welcome());
      inbox.registered();
      return typedAhead.unstashAll(online());
    }
    if (reply instanceof Packet.NoReg) {
      settled(reply);
      return giveUp(ConsoleLines.invalidName());
    }
    if (reply instanceof Packet.ErrorReply error) {
      settled(reply);
      return giveUp(ConsoleLines.serverRefused(error.message()));
    }
    return oddAnswer(reply);
  }

  // ---------------------------------------------------------------- commands

  private Behavior<Command> whileOnline(ChatCommand command) {
    if (command instanceof ChatCommand.Send send) {
      return isTooLong(send.message()) ? refuseTooLong(send.message()) : send(send);
    }
    if (command instanceof ChatCommand.SendAll all) {
      return isTooLong(all.message())
          ? refuseTooLong(all.message())
          : askServer(
              new Errand.GroupMessage(),
              new Packet.GroupChat(ids.next(), me, all.message(), session));
    }
    if (command instanceof ChatCommand.Dereg dereg) {
      return isOwnName(dereg.name()) ? goOffline(false) : misused(CommandSyntax.DEREG);
    }
    if (command instanceof ChatCommand.Reg reg) {
      return isOwnName(reg.name()) ? say(ConsoleLines.alreadyOnline()) : misused(CommandSyntax.REG);
    }
    if (command instanceof ChatCommand.Quit) {
      return goOffline(true);
    }
    return inAnyState(command);
  }

  private Behavior<Command> whileOffline(ChatCommand command) {
    if (command instanceof ChatCommand.Send || command instanceof ChatCommand.SendAll) {
      return say(ConsoleLines.offlineOnly());
    }
    if (command instanceof ChatCommand.Dereg dereg) {
      return isOwnName(dereg.name())
          ? say(ConsoleLines.offlineOnly())
          : misused(CommandSyntax.DEREG);
    }
    if (command instanceof ChatCommand.Reg reg) {
      return isOwnName(reg.name()) ? comeBackOnline() : misused(CommandSyntax.REG);
    }
    if (command instanceof ChatCommand.Quit) {
      return exiting(NodeExit.ok());
    }
    return inAnyState(command);
  }

  /** list, help, blank, invalid and misused lines: the same online and offline. */
  private Behavior<Command> inAnyState(ChatCommand command) {
    if (command instanceof ChatCommand.ListClients) {
      table
          .entries()
          .forEach(
              entry ->
                  console.line(
                      ConsoleLines.listEntry(
                          entry.name(), entry.ip(), entry.port(), entry.online())));
    } else if (command instanceof ChatCommand.Help) {
      for (CommandSyntax syntax : CommandSyntax.values()) {
        console.line(ConsoleLines.helpEntry(syntax.usage(), syntax.meaning()));
      }
    } else if (command instanceof ChatCommand.Misused misused) {
      console.line(ConsoleLines.usage(misused.usage()));
    } else if (command instanceof ChatCommand.Invalid) {
      console.line(ConsoleLines.invalidCommand());
    }
    return Behaviors.same();
  }

  /** A peer the table shows online gets the message directly; an offline one through the server. */
  private Behavior<Command> send(ChatCommand.Send send) {
    Optional<ClientEntry> peer = table.get(send.name());
    if (peer.isEmpty()) {
      return say(ConsoleLines.noSuchClient(send.name()));
    }
    Packet.DirectMessage message = new Packet.DirectMessage(ids.next(), me, send.message());
    return peer.get().online()
        ? deliverDirectly(send.name(), message, peer.get().address(), false)
        : handToServer(send.name(), message, false);
  }

  /** A second round keeps the message's id, so a peer that did get the first copy shows it once. */
  private Behavior<Command> deliverDirectly(
      String peer, Packet.DirectMessage message, InetSocketAddress address, boolean secondRound) {
    PendingRequest pending = PendingRequest.first(message, address, settings.directAttempts());
    return awaiting(new Errand.DirectDelivery(peer, message, secondRound), transmit(pending));
  }

  /**
   * {@code to_offline} with a fresh id and the time it is handed over. It names the message's own
   * id: the peer may have shown it with only the ACK lost, and then skips the stored copy. The
   * server may spend one ACK timeout checking the peer before it can answer, and ignores the
   * repeats that come meanwhile, so this request gets one try more than the others.
   */
  private Behavior<Command> handToServer(
      String peer, Packet.DirectMessage message, boolean secondRound) {
    String timestamp = Timestamps.now(clock);
    return askServer(
        new Errand.OfflineDelivery(peer, message, timestamp, secondRound),
        new Packet.ToOffline(
            ids.next(), me, peer, timestamp, message.msg(), session, message.id()),
        settings.requestAttempts() + 1);
  }

  private Behavior<Command> goOffline(boolean quitting) {
    return askServer(new Errand.GoOffline(quitting), new Packet.Dereg(ids.next(), me, session));
  }

  private Behavior<Command> comeBackOnline() {
    console.line(ConsoleLines.regSent());
    return askServer(new Errand.ComeBackOnline(), new Packet.Reg(ids.next(), me, session));
  }

  private Behavior<Command> askServer(Errand errand, Packet.Request request) {
    return askServer(errand, request, settings.requestAttempts());
  }

  private Behavior<Command> askServer(Errand errand, Packet.Request request, int attempts) {
    PendingRequest pending = PendingRequest.first(request, options.server(), attempts);
    return awaiting(errand, transmit(pending));
  }

  // ---------------------------------------------------------------- answers

  private Behavior<Command> answered(Errand errand, Packet.Reply reply) {
    if (reply instanceof Packet.Ack) {
      settled(reply);
      return acknowledged(errand);
    }
    if (reply instanceof Packet.ErrorReply error && !(errand instanceof Errand.DirectDelivery)) {
      settled(reply);
      return refused(errand, error);
    }
    return oddAnswer(reply);
  }

  private Behavior<Command> acknowledged(Errand errand) {
    if (errand instanceof Errand.GoOffline goOffline) {
      console.line(ConsoleLines.offlineBye());
      return goOffline.quitting() ? exiting(NodeExit.ok()) : typedAhead.unstashAll(offline());
    }
    if (errand instanceof Errand.ComeBackOnline) {
      return typedAhead.unstashAll(online()); // stored messages arrive as offline_messages
    }
    if (errand instanceof Errand.GroupMessage) {
      return sayAndResume(ConsoleLines.groupReceivedByServer());
    }
    if (errand instanceof Errand.DirectDelivery direct) {
      return sayAndResume(ConsoleLines.messageReceivedBy(direct.peer()));
    }
    if (errand instanceof Errand.OfflineDelivery handed) {
      return sayAndResume(ConsoleLines.offlineSaved(handed.timestamp()));
    }
    throw new IllegalStateException("unknown errand " + errand);
  }

  private Behavior<Command> refused(Errand errand, Packet.ErrorReply error) {
    if (errand instanceof Errand.OfflineDelivery handed
        && error.message().equals(ConsoleLines.clientExists(handed.peer()))) {
      return peerExists(handed, error);
    }
    if (errand instanceof Errand.OfflineDelivery handed
        && error.message().equals(ConsoleLines.mailboxFull(handed.peer()))) {
      return sayAndResume(ConsoleLines.notSavedMailboxFull(handed.peer()));
    }
    console.line(ConsoleLines.serverRefused(error.message()));
    if (errand instanceof Errand.GoOffline goOffline && goOffline.quitting()) {
      console.line(ConsoleLines.exiting());
      return exiting(NodeExit.failed());
    }
    return typedAhead.unstashAll(errand instanceof Errand.ComeBackOnline ? offline() : online());
  }

  /** The server says the peer is alive: try it directly once more with the server's table. */
  private Behavior<Command> peerExists(Errand.OfflineDelivery handed, Packet.ErrorReply error) {
    String peer = handed.peer();
    if (handed.secondRound()) {
      return sayAndResume(ConsoleLines.notDelivered(peer));
    }
    console.line(ConsoleLines.clientExists(peer));
    if (error.table() != null) {
      table.merge(error.table());
    }
    return table
        .get(peer)
        .map(entry -> deliverDirectly(peer, handed.message(), entry.address(), true))
        .orElseGet(() -> sayAndResume(ConsoleLines.notDelivered(peer)));
  }

  /** Out of attempts: a silent peer means hand the message over; a silent server, exit. */
  private Behavior<Command> unanswered(Errand errand) {
    if (errand instanceof Errand.DirectDelivery direct) {
      console.line(ConsoleLines.noAckSentToServer(direct.peer()));
      return handToServer(direct.peer(), direct.message(), direct.secondRound());
    }
    return serverGone();
  }

  /** What a table update asks for: maybe a table_sync now, maybe a timer for missing parts. */
  private void afterTableUpdate(TableReplica.Next next) {
    if (next == TableReplica.Next.ASK_NOW) {
      askForTable();
    } else if (next == TableReplica.Next.START_TIMER) {
      timers.startSingleTimer(TABLE_TIMER, TableTimeout.INSTANCE, settings.ackTimeout());
    }
  }

  private Behavior<Command> onTableTimeout() {
    if (table.timedOut()) {
      askForTable();
    }
    return Behaviors.same();
  }

  /** table_sync: the changes after the version held; asked again if they do not come whole. */
  private void askForTable() {
    log.debug("-> table_sync after version {}", table.version());
    timers.startSingleTimer(TABLE_TIMER, TableTimeout.INSTANCE, settings.ackTimeout());
    socket.tell(new Transport.Send(
        new Packet.TableSync(me, table.version(), session), options.server()));
  }

  /** A datagram that answers nothing in flight; see {@link Inbox}. */
  private Behavior<Command> unsolicited(Transport.Event event, boolean online) {
    inbox.take(event, online);
    return Behaviors.same();
  }

  // ---------------------------------------------------------------- helpers

  /** Starts the ACK timer before the datagram leaves, so an answer can never beat its timer. */
  private PendingRequest transmit(PendingRequest pending) {
    timers.startSingleTimer(ACK_TIMER, new AckTimeout(pending.id()), settings.ackTimeout());
    log.debug("-> {}: {}", pending, pending.packet());
    socket.tell(new Transport.Send(pending.packet(), pending.to()));
    return pending;
  }

  private Optional<Packet.Reply> answerTo(PendingRequest pending, Transport.Event event) {
    if (event instanceof Transport.Received received
        && received.packet() instanceof Packet.Reply reply
        && pending.isAnsweredBy(reply, received.from())) {
      return Optional.of(reply);
    }
    return Optional.empty();
  }

  private Behavior<Command> timedOut(
      AckTimeout timeout,
      PendingRequest pending,
      Function<PendingRequest, Behavior<Command>> stillWaiting,
      Supplier<Behavior<Command>> givenUp) {
    if (timeout.id() != pending.id()) {
      return Behaviors.same(); // the timer of an earlier request
    }
    if (pending.canRetry()) {
      return stillWaiting.apply(transmit(pending.retried()));
    }
    log.debug("no answer to {}: giving up", pending);
    return givenUp.get();
  }

  private void settled(Packet.Reply reply) {
    timers.cancel(ACK_TIMER);
    log.debug("<- {}: answers the request in flight", reply);
  }

  private Behavior<Command> oddAnswer(Packet.Reply reply) {
    log.info("<- {} carries the id in flight but does not answer it: dropped", reply);
    return Behaviors.same();
  }

  private Behavior<Command> holdForLater(Command typed) {
    if (typedAhead.isFull()) {
      log.warn("{} commands already wait their turn, dropping {}", TYPED_AHEAD_LIMIT, typed);
    } else {
      typedAhead.stash(typed);
    }
    return Behaviors.same();
  }

  private boolean isTooLong(String message) {
    return settings.limits().isTooLong(message);
  }

  /** A message over the limit is refused at the prompt: nothing is sent. */
  private Behavior<Command> refuseTooLong(String message) {
    return say(
        ConsoleLines.messageTooLong(
            ChatLimits.length(message), settings.limits().maxMessageChars()));
  }

  private boolean isOwnName(Optional<String> name) {
    return name.map(me::equals).orElse(true);
  }

  private Behavior<Command> say(String line) {
    console.line(line);
    return Behaviors.same();
  }

  private Behavior<Command> sayAndResume(String line) {
    console.line(line);
    return typedAhead.unstashAll(online());
  }

  private Behavior<Command> misused(CommandSyntax syntax) {
    return say(ConsoleLines.usage(syntax.usage()));
  }

  private Behavior<Command> giveUp(String why) {
    console.line(why);
    console.line(ConsoleLines.exiting());
    return exiting(NodeExit.failed());
  }

  private Behavior<Command> serverGone() {
    return giveUp(ConsoleLines.serverNotResponding());
  }

  private Behavior<Command> silentLeave() {
    log.debug("leaving silently, without telling the server");
    return exiting(new NodeExit(SILENT_LEAVE_STATUS, Optional.empty()));
  }
}
