package udpchat.client;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * The servers this client knows, which are one chat to it (SPEC §8): which of them it talks to,
 * and in what order it tries the others when that one stops answering. The client starts with the
 * first listed; a server that answers a request becomes the one it talks to from then on, until
 * it too stops answering. Used only from inside the client actor.
 */
final class Servers {
  private final List<InetSocketAddress> listed;
  private final Logger log;
  private int current;

  Servers(List<InetSocketAddress> listed, Logger log) {
    this.listed = List.copyOf(listed);
    this.log = log;
  }

  /** The server the client talks to now. */
  InetSocketAddress current() {
    return listed.get(current);
  }

  /** Whether a datagram from {@code address} may be from the chat's servers. */
  boolean lists(InetSocketAddress address) {
    return listed.contains(address);
  }

  List<InetSocketAddress> all() {
    return listed;
  }

  /**
   * The order a request tries the servers: the current one first, then those after it in the
   * list, then those before it, and that {@code rounds} times (a cluster's failover takes longer
   * than one round of short tries).
   */
  List<InetSocketAddress> route(int rounds) {
    List<InetSocketAddress> round = new ArrayList<>(listed.subList(current, listed.size()));
    round.addAll(listed.subList(0, current));
    List<InetSocketAddress> route = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      route.addAll(round);
    }
    return List.copyOf(route);
  }

  /** {@code server} answered a request: if it is listed, the client talks to it from now on. */
  void answeredBy(InetSocketAddress server) {
    int index = listed.indexOf(server);
    if (index >= 0 && index != current) {
      log.info("talking to server {} from now on", server);
      current = index;
    }
  }
}
