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
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;
import udpchat.NodeExit;
import udpchat.config.ChatSettings;
import udpchat.console.Console;
import udpchat.console.ConsoleLines;
import udpchat.console.LineSource;
import udpchat.protocol.Packet;
import udpchat.transport.Transport;
import udpchat.transport.TransportFactory;

/**
 * A chat client (SPEC §2, §3, §6, §8): registers with a server, runs the person's commands one at
 * a time, and shows what others send. A request its server does not answer goes to the next
 * server it knows ({@link Servers}); only when none answers does the client give up. One
 * behaviour per state, the session token of the last conf_reg passed to each state that has one:
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

  /** What the client believes of its own presence, which decides how it takes unasked packets. */
  private enum Standing {
    ONLINE,
    /** A dereg or a reg waits for its answer: the server counts the client online meanwhile. */
    CHANGING,
    /** After dereg. */
    OFFLINE
  }

  /** The exit status of a silent leave, as for a process ended by SIGINT. */
  public static final int SILENT_LEAVE_STATUS = 130;

  private static final String ACK_TIMER = "ack-timeout";
  private static final String TABLE_TIMER = "table-timeout";
  private static final String REANNOUNCE = "reannounce";
  private static final int TYPED_AHEAD_LIMIT = 10_000;

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final StashBuffer<Command> typedAhead;
  private final ChatSettings settings;
  private final Console console;
  private final Consumer<NodeExit> onExit;
  private final ActorRef<Transport.Command> socket;
  private final String me;
  private final Logger log;
  private final Servers servers;
  private final Requests requests;
  /** The client table as the server sent it (conf_reg, table_update, "exists" errors). */
  private final TableReplica table;
  private final CommandRules rules;
  private final Answers answers;
  private final Inbox inbox;

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
    this.context = context;
    this.timers = timers;
    this.typedAhead = typedAhead;
    this.settings = settings;
    this.console = console;
    this.onExit = onExit;
    this.me = options.name();
    this.log = context.getLog();
    this.servers = new Servers(options.servers(), log);
    this.requests = new Requests(options, settings, clock, servers);
    this.table = new TableReplica(settings.requestAttempts());
    this.rules = new CommandRules(me, settings.limits(), requests, table);
    this.answers = new Answers(requests, table);
    this.inbox = new Inbox(options, servers, settings.recentIds(), console, log, table);
    ActorRef<Transport.Event> events =
        context.messageAdapter(Transport.Event.class, FromSocket::new);
    InetSocketAddress local = new InetSocketAddress(settings.bindHost(), options.clientPort());
    this.socket = transport.open(context, local, events);
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
        Behaviors.setup(context -> Behaviors.withTimers(timers -> Behaviors.withStash(
            TYPED_AHEAD_LIMIT,
            typedAhead -> new ClientActor(context, timers, typedAhead, options, settings,
                    console, clock, transport, onExit, input)
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
                freg.answerIn(message.event())
                    .map(this::registrationAnswered)
                    .orElseGet(
                        () -> unsolicited(message.event(), Optional.empty(), Standing.ONLINE)))
        .onMessage(
            AckTimeout.class,
            timeout -> timedOut(timeout, freg, this::registering,
                () -> leave(Answers.giveUp(ConsoleLines.serverNotResponding()))))
        .onMessage(Typed.class, this::holdForLater)
        .onMessage(EndOfInput.class, this::holdForLater)
        .onMessage(SilentLeave.class, message -> silentLeave())
        .build();
  }

  /** Registered and online, with no command in flight. */
  private Behavior<Command> online(String session) {
    return registered(session)
        .onMessage(
            Typed.class,
            typed -> perform(session, rules.online(CommandParser.parse(typed.line()), session)))
        .onMessage(
            EndOfInput.class,
            message -> perform(session, rules.online(new ChatCommand.Quit(), session)))
        .onMessage(FromSocket.class, message -> unsolicited(message, session, Standing.ONLINE))
        .onMessage(AckTimeout.class, timeout -> Behaviors.same()) // of an answered request
        .build();
  }

  /**
   * A command waits for its answer; the lines typed after it wait their turn. Chat traffic is shown
   * meanwhile, also while a {@code reg} waits for its ACK: the server already counts the client
   * online then.
   */
  private Behavior<Command> awaiting(String session, Errand errand, PendingRequest pending) {
    Standing standing = errand.changesPresence() ? Standing.CHANGING : Standing.ONLINE;
    return registered(session)
        .onMessage(
            FromSocket.class,
            message ->
                pending.answerIn(message.event())
                    .map(answer -> answered(session, errand, answer))
                    .orElseGet(() -> unsolicited(message, session, standing)))
        .onMessage(
            AckTimeout.class,
            timeout -> timedOut(timeout, pending, next -> awaiting(session, errand, next),
                () -> perform(session, answers.unanswered(errand, session))))
        .onMessage(Typed.class, this::holdForLater)
        .onMessage(EndOfInput.class, this::holdForLater)
        .build();
  }

  /** After dereg: only reg, list, help and quit; chat is ignored, so the server stores it. */
  private Behavior<Command> offline(String session) {
    return registered(session)
        .onMessage(
            Typed.class,
            typed -> perform(session, rules.offline(CommandParser.parse(typed.line()), session)))
        .onMessage(EndOfInput.class, message -> exiting(NodeExit.ok()))
        .onMessage(FromSocket.class, message -> unsolicited(message, session, Standing.OFFLINE))
        .onMessage(AckTimeout.class, timeout -> Behaviors.same())
        .build();
  }

  /** What every registered state does alike: Ctrl-C, and the table's timer. */
  private BehaviorBuilder<Command> registered(String session) {
    return Behaviors.receive(Command.class)
        .onMessage(SilentLeave.class, message -> silentLeave())
        .onMessageEquals(
            TableTimeout.INSTANCE,
            () -> {
              carryOut(inbox.tableTimedOut(session));
              return Behaviors.same();
            });
  }

  /** Before registration: says why the client cannot go on, then exits. */
  private Behavior<Command> leave(Step.Exit exit) {
    exit.lines().forEach(console::line);
    return exiting(exit.exit());
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
      return registering(transmit(requests.register()));
    }
    if (event instanceof Transport.BindFailed failed) {
      log.debug("binding {} failed: {}", failed.localAddress(), failed.reason());
      return exiting(NodeExit.failed(failed.reason()));
    }
    log.debug("socket not bound yet, ignoring {}", event);
    return Behaviors.same();
  }

  /** conf_reg brings the session; the server's packets held until then are taken now. */
  private Behavior<Command> registrationAnswered(PendingRequest.Answer answer) {
    Packet.Reply reply = answer.reply();
    if (reply instanceof Packet.ConfReg confirmed) {
      settled(answer);
      String session = confirmed.token();
      carryOut(inbox.registered(confirmed));
      console.line(ConsoleLines.welcome());
      inbox.releaseHeld().forEach(held -> unsolicited(held, Optional.of(session), Standing.ONLINE));
      return typedAhead.unstashAll(online(session));
    }
    if (reply instanceof Packet.NoReg || reply instanceof Packet.ErrorReply) {
      settled(answer);
      return leave(Answers.registrationRefused(reply));
    }
    return oddAnswer(reply);
  }

  // ---------------------------------------------------------------- commands and answers

  private Behavior<Command> answered(String session, Errand errand, PendingRequest.Answer answer) {
    Optional<Step> step = answers.answered(errand, answer.reply());
    step.ifPresent(done -> settled(answer));
    return step.map(done -> perform(session, done)).orElseGet(() -> oddAnswer(answer.reply()));
  }

  /** Prints the step's lines, then does what it says. */
  private Behavior<Command> perform(String session, Step step) {
    step.lines().forEach(console::line);
    if (step instanceof Step.Resume resume) {
      return typedAhead.unstashAll(resume.online() ? online(session) : offline(session));
    }
    if (step instanceof Step.Exit exit) {
      return exiting(exit.exit());
    }
    if (step instanceof Step.Ask ask) {
      if (ask.errand() instanceof Errand.GoOffline) {
        context.getChild(REANNOUNCE).ifPresent(context::stop); // dereg says otherwise
      }
      return awaiting(session, ask.errand(), transmit(ask.pending()));
    }
    return Behaviors.same(); // Step.Stay
  }

  // ---------------------------------------------------------------- unasked packets

  private Behavior<Command> unsolicited(FromSocket message, String session, Standing standing) {
    return unsolicited(message.event(), Optional.of(session), standing);
  }

  /** A datagram that answers nothing in flight: {@link Inbox} says what to send back. */
  private Behavior<Command> unsolicited(
      Transport.Event event, Optional<String> session, Standing standing) {
    Inbox.Taken taken = carryOut(inbox.take(event, session, standing != Standing.OFFLINE));
    if (taken.tableTaken() && standing == Standing.ONLINE) {
      reannounceIfListedOffline(session.orElseThrow());
    }
    return Behaviors.same();
  }

  private Inbox.Taken carryOut(Inbox.Taken taken) {
    taken.sends().forEach(socket::tell);
    if (taken.waitForTable()) {
      timers.startSingleTimer(TABLE_TIMER, TableTimeout.INSTANCE, settings.ackTimeout());
    }
    return taken;
  }

  /**
   * A table that lists this client offline while it is online means the server presumed it gone:
   * a {@link Reannounce} tells it otherwise (one at a time), until a table lists it online.
   */
  private void reannounceIfListedOffline(String session) {
    Optional<ActorRef<Void>> running = context.getChild(REANNOUNCE);
    boolean listedOffline = table.get(me).map(entry -> !entry.online()).orElse(false);
    if (listedOffline && running.isEmpty()) {
      log.info("the server's table shows {} offline: telling it {} is online", me, me);
      context.spawn(
          Reannounce.create(requests.reannounce(session), socket, settings.ackTimeout()),
          REANNOUNCE);
    } else if (!listedOffline) {
      running.ifPresent(context::stop);
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Starts the ACK timer before the datagram leaves, so an answer can never beat its timer. */
  private PendingRequest transmit(PendingRequest pending) {
    timers.startSingleTimer(ACK_TIMER, new AckTimeout(pending.id()), settings.ackTimeout());
    log.debug("-> {}: {}", pending, pending.packet());
    if (pending.movedOn()) {
      log.info("{}: no answer from the server before, trying this one", pending);
    }
    socket.tell(new Transport.Send(pending.packet(), pending.to()));
    return pending;
  }

  private Behavior<Command> timedOut(
      AckTimeout timeout,
      PendingRequest pending,
      Function<PendingRequest, Behavior<Command>> stillWaiting,
      Supplier<Behavior<Command>> givenUp) {
    if (timeout.id() != pending.id()) {
      return Behaviors.same(); // the timer of an earlier request
    }
    log.debug("no answer to {}", pending);
    return pending.next().map(again -> stillWaiting.apply(transmit(again))).orElseGet(givenUp);
  }

  /** The request in flight is answered; a server that answered is the one to talk to next. */
  private void settled(PendingRequest.Answer answer) {
    timers.cancel(ACK_TIMER);
    log.debug("<- {}: answers the request in flight", answer.reply());
    servers.answeredBy(answer.from());
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

  private Behavior<Command> silentLeave() {
    log.debug("leaving silently, without telling the server");
    return exiting(new NodeExit(SILENT_LEAVE_STATUS, Optional.empty()));
  }
}
