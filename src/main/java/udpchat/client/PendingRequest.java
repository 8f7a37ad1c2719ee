package udpchat.client;

import java.net.InetSocketAddress;
import udpchat.protocol.Packet;

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

  boolean isAnsweredBy(Packet.Reply reply, InetSocketAddress from) {
    return reply.id() == packet.id() && to.equals(from);
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
