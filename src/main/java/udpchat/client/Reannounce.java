package udpchat.client;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import udpchat.transport.Transport;

/**
 * A client that is online tells a server that presumed it gone (its table_update lists the client
 * offline: what the server sent it, or the answers, were lost) that it is here, with a reg of its
 * session. Short-lived, one per such table: the reg goes out again, with its id, each ACK timeout
 * up to its attempts (at each server in turn, as any request to the server), and the client stops it sooner once its table shows it online or
 * it goes offline. The server answers it as any reg, with an ACK and the mailbox; the ACK answers
 * nothing in flight at the client, the table that follows is what counts.
 */
final class Reannounce {

  /** The reannounce's own protocol: the reg has waited one ACK timeout. */
  enum Command {
    ACK_TIMEOUT
  }

  private final ActorRef<Transport.Command> socket;
  private final TimerScheduler<Command> timers;
  private final Duration ackTimeout;

  private Reannounce(
      ActorRef<Transport.Command> socket, TimerScheduler<Command> timers, Duration ackTimeout) {
    this.socket = socket;
    this.timers = timers;
    this.ackTimeout = ackTimeout;
  }

  /** {@code reg}: a {@code reg} of the client's session, to its server. */
  static Behavior<Command> create(
      PendingRequest reg, ActorRef<Transport.Command> socket, Duration ackTimeout) {
    return Behaviors.withTimers(timers -> new Reannounce(socket, timers, ackTimeout).sent(reg));
  }

  /** The reg is on its way; without the client stopping this, it goes again or gives up. */
  private Behavior<Command> sent(PendingRequest reg) {
    timers.startSingleTimer(Command.ACK_TIMEOUT, ackTimeout);
    socket.tell(new Transport.Send(reg.packet(), reg.to()));
    return Behaviors.receiveMessage(
        timeout -> reg.next().map(this::sent).orElseGet(Behaviors::stopped));
  }
}
