package udpchat.transport;

import java.net.InetSocketAddress;
import udpchat.protocol.Packet;
import udpchat.protocol.PacketTypes;

/**
 * The words of the packet trace (logger {@code udpchat.trace}): one line per datagram with its
 * direction, wire type, id, peer and size, e.g. {@code out ack id=17 -> 127.0.0.1:3333 (41 B)}.
 */
public final class PacketTrace {
  private PacketTrace() {}

  public static String outgoing(Packet packet, InetSocketAddress to, int bytes) {
    return "out " + describe(packet) + " -> " + peer(to) + " (" + bytes + " B)";
  }

  public static String incoming(Packet packet, InetSocketAddress from, int bytes) {
    return "in " + describe(packet) + " <- " + peer(from) + " (" + bytes + " B)";
  }

  public static String rejected(InetSocketAddress from, int bytes, String reason) {
    return "in rejected <- " + peer(from) + " (" + bytes + " B): " + reason;
  }

  /** {@code "ack id=17"}, or just the type for a packet without an id. */
  public static String describe(Packet packet) {
    String type = PacketTypes.nameOf(packet);
    if (packet instanceof Packet.Request request) {
      return type + " id=" + request.id();
    }
    if (packet instanceof Packet.Reply reply) {
      return type + " id=" + reply.id();
    }
    return type;
  }

  /** {@code 127.0.0.1:3333}, without the host-name and slash of InetSocketAddress.toString. */
  public static String peer(InetSocketAddress address) {
    String host =
        address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
    return host + ":" + address.getPort();
  }
}
