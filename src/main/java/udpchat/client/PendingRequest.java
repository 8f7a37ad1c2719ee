package udpchat.client;

import java.net.InetSocketAddress;
import java.util.Optional;
import udpchat.protocol.Packet;
import udpchat.transport.Transport;

/**
 * A request this client is waiting on. It is sent again, with the same id, after every ACK timeout
 * until it is answered or has been sent {@code attempts} times. Only a reply from the address it
 * went to, echoing its id, answers it.
 *
 * @param attempt how many times it has been sent so far (1 after the first send)
 */
record PendingRequest(Packet.Request packet, InetSocketAddress to, int attempt, int attempts) {

  static PendingRequest first(Packet.Request packet, InetSocketAddress to, int attempts) {
    return new PendingRequest(packet, to, 1, attempts);
  }

  long id() {
    return packet.id();
  }

  boolean canRetry() {
    return attempt < attempts;
  }

  PendingRequest retried() {
    return new PendingRequest(packet, to, attempt + 1, attempts);
  }

  /** The reply in {@code event} that answers this request, if it does. */
  Optional<Packet.Reply> answerIn(Transport.Event event) {
    if (event instanceof Transport.Received received
        && received.packet() instanceof Packet.Reply reply
        && reply.id() == packet.id()
        && to.equals(received.from())) {
      return Optional.of(reply);
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return packet.getClass().getSimpleName()
        + " #"
        + packet.id()
        + " to "
        + to
        + " (attempt "
        + attempt
        + "/"
        + attempts
        + ")";
  }
}
