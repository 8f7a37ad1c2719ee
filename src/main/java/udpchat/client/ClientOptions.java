package udpchat.client;

import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;
import udpchat.protocol.Fields;

/**
 * Who this client is and where its servers are, from the command line and the configuration.
 *
 * @param name the client's name, unique per chat
 * @param servers the servers of the chat, each once, in the order they are tried: the first is
 *     the SPEC command line's; resolved, so datagrams from them can be recognised
 * @param clientPort the local port the client's one socket binds to
 */
public record ClientOptions(String name, List<InetSocketAddress> servers, int clientPort) {
  public ClientOptions {
    if (!Fields.isValidName(name)) {
      throw new IllegalArgumentException("invalid client name: " + name);
    }
    servers = List.copyOf(new LinkedHashSet<>(servers));
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("a client needs a server");
    }
    for (InetSocketAddress server : servers) {
      if (server.isUnresolved()) {
        throw new IllegalArgumentException("the server address must be resolved: " + server);
      }
    }
    if (!Fields.isValidPort(clientPort)) {
      throw new IllegalArgumentException("invalid client port: " + clientPort);
    }
  }

  /** A client of one server, as the SPEC's command line gives it. */
  public ClientOptions(String name, InetSocketAddress server, int clientPort) {
    this(name, List.of(server), clientPort);
  }

  /** The first server, the one the client registers with first. */
  public InetSocketAddress server() {
    return servers.get(0);
  }

  /** The same client with {@code more} servers after the first; one listed twice counts once. */
  public ClientOptions withMoreServers(List<InetSocketAddress> more) {
    return new ClientOptions(
        name, Stream.concat(Stream.of(server()), more.stream()).toList(), clientPort);
  }
}
