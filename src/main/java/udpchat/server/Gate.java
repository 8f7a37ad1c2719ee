package udpchat.server;

import java.net.InetSocketAddress;
import java.util.Optional;
import udpchat.protocol.ClientEntry;

/**
 * Who may speak for a name (SPEC §5): a request or an answer counts only when the name is
 * registered, the datagram comes from the address the table lists for it, and it carries the
 * name's current session token. Anything else changes nothing: the registry logs it and answers
 * {@code error} with the reason given here.
 */
final class Gate {
  private final ClientRegistry clients;
  private final Sessions sessions;

  Gate(ClientRegistry clients, Sessions sessions) {
    this.clients = clients;
    this.sessions = sessions;
  }

  /** Empty when {@code name} may send this; otherwise why not, for the error reply. */
  Optional<String> refusal(String name, String token, InetSocketAddress source) {
    Optional<ClientEntry> client = clients.get(name);
    if (client.isEmpty()) {
      return Optional.of("no client named " + name + " is registered");
    }
    if (!client.get().isAt(source)) {
      return Optional.of(name + " is registered from another address");
    }
    if (token == null) {
      return Optional.of("missing session token for " + name);
    }
    if (!sessions.isCurrent(name, token)) {
      return Optional.of("wrong session token for " + name);
    }
    return Optional.empty();
  }
}
