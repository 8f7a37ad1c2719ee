package udpchat.client;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import udpchat.protocol.Packet;
import udpchat.transport.Transport;

/**
 * A request this client is waiting on. It is sent again, with the same id, after every ACK timeout
 * until it is answered or has been sent {@code attempts} times to the address it goes to; then it
 * moves on to the next address of its route (the next server) with as many attempts, the same
 * packet and id. Only a reply echoing its id, from an address it has been sent to, answers it.
 *
 * @param route the addresses it is tried at, in order: one peer, or the servers
 * @param stop which of them it goes to now
 * @param attempt how many times it has been sent there so far (1 after the first send)
 */
record PendingRequest(
    Packet.Request packet, List<InetSocketAddress> route, int stop, int attempt, int attempts) {

  PendingRequest {
    route = List.copyOf(route);
  }

  /** A request for one address. */
  static PendingRequest first(Packet.Request packet, InetSocketAddress to, int attempts) {
    return along(packet, List.of(to), attempts);
  }

  /** A request tried at each address of {@code route} in turn, {@code attempts} times at each. */
  static PendingRequest along(Packet.Request packet, List<InetSocketAddress> route, int attempts) {
    return new PendingRequest(packet, route, 0, 1, attempts);
  }

  /** A reply that answers this request, and the address it came from. */
  record Answer(Packet.Reply reply, InetSocketAddress from) {}

  long id() {
    return packet.id();
  }

  InetSocketAddress to() {
    return route.get(stop);
  }

  /**
   * The request as it goes out after an ACK timeout: again to the same address while it has
   * attempts left there, else to the next address of its route; empty when none is left.
   */
  Optional<PendingRequest> next() {
    if (attempt < attempts) {
      return Optional.of(new PendingRequest(packet, route, stop, attempt + 1, attempts));
    }
    if (stop + 1 < route.size()) {
      return Optional.of(new PendingRequest(packet, route, stop + 1, 1, attempts));
    }
    return Optional.empty();
  }

  /** Whether this is its first send to an address after the one before it in the route. */
  boolean movedOn() {
    return stop > 0 && attempt == 1;
  }

  /**
   * The reply in {@code event} that answers this request, if it does: from any address of its
   * route, even one not tried yet, because in a cluster the node that answers is the one that
   * holds the sender's entity, not always the one the request reached.
   */
  Optional<Answer> answerIn(Transport.Event event) {
    if (event instanceof Transport.Received received
        && received.packet() instanceof Packet.Reply reply
        && reply.id() == packet.id()
        && route.contains(received.from())) {
      return Optional.of(new Answer(reply, received.from()));
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return packet.getClass().getSimpleName() + " #" + packet.id() + " to " + to()
        + " (attempt " + attempt + "/" + attempts
        + (route.size() > 1 ? ", server " + (stop + 1) + "/" + route.size() : "") + ")";
  }
}
