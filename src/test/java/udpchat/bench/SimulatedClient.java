package udpchat.bench;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/**
 * One simulated client of the {@link LoadGenerator}: its own non-blocking UDP socket on
 * 127.0.0.1 (so the server sees it at its own address, as a real client), its session, and how it
 * behaves when the server sends it something. Used only from the generator's thread.
 */
final class SimulatedClient {
  final String name;
  final DatagramChannel channel;
  final InetSocketAddress address;
  /** The server (or cluster node) its requests go to. */
  final InetSocketAddress server;

  /** The session token of the last conf_reg; null until registered. */
  String token;
  /** The id of its freg: a later conf_reg with it (a retransmission answered anew) wins. */
  long fregId;
  boolean registered;

  /** ACK group messages from the server (false: the client is silently gone). */
  boolean acksGroupMessages = true;
  /** ACK a mailbox (offline_messages) the server offers. */
  boolean acksMailbox = true;

  /** Kept only for the few clients whose table the generator follows. */
  TrackedTable table;
  long tableTimerDeadline;

  SimulatedClient(String name, DatagramChannel channel, InetSocketAddress address,
      InetSocketAddress server) {
    this.name = name;
    this.channel = channel;
    this.address = address;
    this.server = server;
  }

  int port() {
    return address.getPort();
  }

  @Override
  public String toString() {
    return name + "@" + address.getPort();
  }
}
