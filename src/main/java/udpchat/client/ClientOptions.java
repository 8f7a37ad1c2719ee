package udpchat.client;

import java.net.InetSocketAddress;
import udpchat.protocol.Fields;

/**
 * Who this client is and where its server is, from the command line.
 *
 * @param name the client's name, unique per server
 * @param server the server's socket; resolved, so datagrams from it can be recognised
 * @param clientPort the local port the client's one socket binds to
 */
public record ClientOptions(String name, InetSocketAddress server, int clientPort) {
  public ClientOptions {
    if (!Fields.isValidName(name)) {
      throw new IllegalArgumentException("invalid client name: " + name);
    }
    if (server == null || server.isUnresolved()) {
      throw new IllegalArgumentException("the server address must be resolved: " + server);
    }
    if (!Fields.isValidPort(clientPort)) {
      throw new IllegalArgumentException("invalid client port: " + clientPort);
    }
  }
}
