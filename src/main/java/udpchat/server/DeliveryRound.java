package udpchat.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import udpchat.protocol.Packet;
import udpchat.transport.Transport;

/**
 * A short-lived child of the registry that sends each recipient of a snapshot its packet and
 * waits, with one timer, for the answers: a group message fan-out, a mailbox after {@code reg},
 * receipts, or a status check (a round of one {@code status_check}). When everyone has answered,
 * or the last attempt has timed out, it tells its parent who answered and who did not, and stops.
 *
 * <p>The registry checks each answer (type, source address, name) and passes on only good ones as
 * {@link Answered}, so the round itself only counts. With more than one attempt, the recipients
 * that have not answered get the same packet (same id) again after each timeout.
 *
 * <p>A finished round logs one INFO line with its size and how long it took from the first send
 * to the last answer (or to the timeout that ended it), and the {@code System.nanoTime()} at its
 * end, so a benchmark in the same JVM can line it up with its own clock.
 */
public final class DeliveryRound<T> {

  /**
   * One packet for one recipient; the packet's id is how its answer is recognised. {@code session}
   * is the recipient's session token when the packet went out.
   */
  public record Recipient(
      String name, InetSocketAddress address, Packet.Request packet, String session) {
    public long id() {
      return packet.id();
    }
  }

  /** Who answered and who did not, each in snapshot order. */
  public record Outcome(List<Recipient> answered, List<Recipient> unanswered) {
    public Outcome {
      answered = List.copyOf(answered);
      unanswered = List.copyOf(unanswered);
    }
  }

  public sealed interface Command {}

  /** A valid answer to the packet with this id has arrived. */
  public record Answered(long id) implements Command {}

  private enum AnswerTimeout implements Command {
    INSTANCE
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final List<Recipient> recipients;
  /** The recipients' packet ids, so an answer is recognised without a scan over all of them. */
  private final Set<Long> ids;
  private final Duration timeout;
  private final ActorRef<Transport.Command> socket;
  private final ActorRef<T> replyTo;
  private final Function<Outcome, T> reply;
  private final Set<Long> answered = new HashSet<>();
  private final LongSupplier nanoTime;
  private int attemptsLeft;
  /** {@code nanoTime} at the first send; the round's duration counts from here. */
  private long firstSendNanos;

  /**
   * @param attempts how many times each recipient gets its packet before it counts as unanswered
   * @param reply turns the outcome into the parent's message (a pure function)
   */
  public static <T> Behavior<Command> create(
      List<Recipient> recipients,
      int attempts,
      Duration timeout,
      ActorRef<Transport.Command> socket,
      ActorRef<T> replyTo,
      Function<Outcome, T> reply) {
    return create(recipients, attempts, timeout, socket, replyTo, reply, System::nanoTime, false);
  }

  /**
   * A round whose first attempt its parent has already sent, in the order of the parent's other
   * sends: two rounds to one client reach it in the order they were started, and the first
   * datagrams go out without waiting for the round to start.
   */
  public static <T> Behavior<Command> afterFirstAttempt(
      List<Recipient> recipients,
      int attempts,
      Duration timeout,
      ActorRef<Transport.Command> socket,
      ActorRef<T> replyTo,
      Function<Outcome, T> reply) {
    return create(recipients, attempts, timeout, socket, replyTo, reply, System::nanoTime, true);
  }

  /**
   * @param nanoTime the clock of the round's duration in its log line (tests may pass their own;
   *     the round's timing itself runs on actor timers, not on this)
   */
  static <T> Behavior<Command> create(
      List<Recipient> recipients,
      int attempts,
      Duration timeout,
      ActorRef<Transport.Command> socket,
      ActorRef<T> replyTo,
      Function<Outcome, T> reply,
      LongSupplier nanoTime) {
    return create(recipients, attempts, timeout, socket, replyTo, reply, nanoTime, false);
  }

  private static <T> Behavior<Command> create(
      List<Recipient> recipients,
      int attempts,
      Duration timeout,
      ActorRef<Transport.Command> socket,
      ActorRef<T> replyTo,
      Function<Outcome, T> reply,
      LongSupplier nanoTime,
      boolean firstAttemptSent) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    new DeliveryRound<>(
                            context,
                            timers,
                            recipients,
                            attempts,
                            timeout,
                            socket,
                            replyTo,
                            reply,
                            nanoTime)
                        .start(firstAttemptSent)));
  }

  private DeliveryRound(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      List<Recipient> recipients,
      int attempts,
      Duration timeout,
      ActorRef<Transport.Command> socket,
      ActorRef<T> replyTo,
      Function<Outcome, T> reply,
      LongSupplier nanoTime) {
    this.context = context;
    // Pekko guesses the logger from the call stack on first use, and from a timer's message it
    // guesses ActorCell: name it once, so every line of a round names the round.
    context.setLoggerName(DeliveryRound.class);
    this.timers = timers;
    this.recipients = List.copyOf(recipients);
    this.ids = new HashSet<>();
    for (Recipient recipient : this.recipients) {
      ids.add(recipient.id());
    }
    this.attemptsLeft = attempts;
    this.timeout = timeout;
    this.socket = socket;
    this.replyTo = replyTo;
    this.reply = reply;
    this.nanoTime = nanoTime;
  }

  private Behavior<Command> start(boolean firstAttemptSent) {
    firstSendNanos = nanoTime.getAsLong();
    if (recipients.isEmpty()) {
      return finish("last answer");
    }
    if (firstAttemptSent) {
      attemptsLeft--;
      timers.startSingleTimer(AnswerTimeout.INSTANCE, timeout);
    } else {
      sendToUnanswered();
    }
    return waiting();
  }

  private Behavior<Command> waiting() {
    return Behaviors.receive(Command.class)
        .onMessage(Answered.class, this::onAnswered)
        .onMessageEquals(AnswerTimeout.INSTANCE, this::onTimeout)
        .build();
  }

  private Behavior<Command> onAnswered(Answered answer) {
    // Not logged one by one: the trace and the registry log each answer already, and the round's
    // line sums them up.
    if (ids.contains(answer.id())) {
      answered.add(answer.id());
    }
    return answered.size() == recipients.size() ? finish("last answer") : Behaviors.same();
  }

  private Behavior<Command> onTimeout() {
    if (attemptsLeft == 0) {
      return finish("ended by the timeout");
    }
    sendToUnanswered();
    context.getLog().debug("no answer in {}: sent again ({} more tries)", timeout, attemptsLeft);
    return Behaviors.same();
  }

  /** Starts the timer before sending, so whoever sees a packet knows its timeout is running. */
  private void sendToUnanswered() {
    attemptsLeft--;
    timers.startSingleTimer(AnswerTimeout.INSTANCE, timeout);
    for (Recipient recipient : recipients) {
      if (!answered.contains(recipient.id())) {
        socket.tell(new Transport.Send(recipient.packet(), recipient.address()));
      }
    }
  }

  /** @param end what ended the round, for the log line: its last answer or its timeout */
  private Behavior<Command> finish(String end) {
    long endNanos = nanoTime.getAsLong();
    List<Recipient> done = new ArrayList<>();
    List<Recipient> missing = new ArrayList<>();
    for (Recipient recipient : recipients) {
      (answered.contains(recipient.id()) ? done : missing).add(recipient);
    }
    context
        .getLog()
        .info(
            "round over: {} recipients, {} answered, {} did not, {} {} us after the first send"
                + " (end nanoTime={})",
            recipients.size(),
            done.size(),
            missing.size(),
            end,
            (endNanos - firstSendNanos) / 1000,
            endNanos);
    replyTo.tell(reply.apply(new Outcome(done, missing)));
    return Behaviors.stopped();
  }
}
