package udpchat.client;

import java.net.InetSocketAddress;
import java.time.Clock;
import udpchat.config.ChatSettings;
import udpchat.protocol.NamePort;
import udpchat.protocol.Packet;
import udpchat.protocol.PacketIds;
import udpchat.protocol.Timestamps;

/**
 * What this client asks, of whom and how often: each errand's request with a fresh id, its
 * address (a request to the server goes to the current one, then to the others: {@link Servers})
 * and its attempts. Makes requests only; the client actor sends them and waits. Used only
 * from inside the client actor (the ids count up).
 */
final class Requests {

  private final PacketIds ids = new PacketIds();
  private final String me;
  private final ClientOptions options;
  private final ChatSettings settings;
  private final Clock clock;
  private final Servers servers;

  Requests(ClientOptions options, ChatSettings settings, Clock clock, Servers servers) {
    this.me = options.name();
    this.options = options;
    this.settings = settings;
    this.clock = clock;
    this.servers = servers;
  }

  PendingRequest register() {
    Packet.Freg freg = new Packet.Freg(ids.next(), new NamePort(me, options.clientPort()));
    return toServer(freg, settings.requestAttempts());
  }

  Packet.DirectMessage directMessage(String text) {
    return new Packet.DirectMessage(ids.next(), me, text);
  }

  /** A second round keeps the message's id, so a peer that did get the first copy shows it once. */
  Step.Ask deliverDirectly(
      String peer, Packet.DirectMessage message, InetSocketAddress at, boolean secondRound) {
    return new Step.Ask(
        new Errand.DirectDelivery(peer, message, secondRound),
        PendingRequest.first(message, at, settings.directAttempts()));
  }

  /**
   * {@code to_offline} with a fresh id and the time it is handed over. It names the message's own
   * id: the peer may have shown it with only the ACK lost, and then skips the stored copy. The
   * server may spend one ACK timeout checking the peer before it can answer, and ignores the
   * repeats that come meanwhile, so this request gets one try more than the others.
   */
  Step.Ask handToServer(
      String session, String peer, Packet.DirectMessage message, boolean secondRound) {
    String timestamp = Timestamps.now(clock);
    Packet.ToOffline toOffline =
        new Packet.ToOffline(ids.next(), me, peer, timestamp, message.msg(), session, message.id());
    return new Step.Ask(
        new Errand.OfflineDelivery(peer, message, timestamp, secondRound),
        toServer(toOffline, settings.requestAttempts() + 1));
  }

  Step.Ask sendToAll(String session, String text) {
    return toServer(
        new Errand.GroupMessage(), new Packet.GroupChat(ids.next(), me, text, session));
  }

  Step.Ask goOffline(String session, boolean quitting) {
    return toServer(new Errand.GoOffline(quitting), new Packet.Dereg(ids.next(), me, session));
  }

  Step.Ask comeBackOnline(String session) {
    return toServer(new Errand.ComeBackOnline(), reg(session));
  }

  /** The reg of a client that tells the server it is online (see {@link Reannounce}). */
  PendingRequest reannounce(String session) {
    return toServer(reg(session), settings.requestAttempts());
  }

  private Packet.Reg reg(String session) {
    return new Packet.Reg(ids.next(), me, session);
  }

  private Step.Ask toServer(Errand errand, Packet.Request request) {
    return new Step.Ask(errand, toServer(request, settings.requestAttempts()));
  }

  private PendingRequest toServer(Packet.Request request, int attempts) {
    return PendingRequest.along(request, servers.route(settings.serverRounds()), attempts);
  }
}
