package udpchat.transport;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import udpchat.protocol.Packet;

/**
 * The words of the packet trace (logger {@code udpchat.trace}): one line per datagram with its
 * direction, wire type, id, peer and size, e.g. {@code out ack id=17 -> 127.0.0.1:3333 (41 B)}.
 */
final class PacketTrace {
  /** The wire name of each packet record, read from the one place that declares it. */
  private static final Map<Class<?>, String> TYPE_NAMES =
      Arrays.stream(Packet.class.getAnnotation(JsonSubTypes.class).value())
          .collect(Collectors.toUnmodifiableMap(JsonSubTypes.Type::value, JsonSubTypes.Type::name));

  private PacketTrace() {}

  static String outgoing(Packet packet, InetSocketAddress to, int bytes) {
    return "out " + describe(packet) + " -> " + peer(to) + " (" + bytes + " B)";
  }

  static String incoming(Packet packet, InetSocketAddress from, int bytes) {
    return "in " + describe(packet) + " <- " + peer(from) + " (" + bytes + " B)";
  }

  static String rejected(InetSocketAddress from, int bytes, String reason) {
    return "in rejected <- " + peer(from) + " (" + bytes + " B): " + reason;
  }

  /** {@code "ack id=17"}, or just the type for a packet without an id. */
  static String describe(Packet packet) {
    String type = TYPE_NAMES.getOrDefault(packet.getClass(), packet.getClass().getSimpleName());
    if (packet instanceof Packet.Request request) {
      return type + " id=" + request.id();
    }
    if (packet instanceof Packet.Reply reply) {
      return type + " id=" + reply.id();
    }
    return type;
  }

  /** {@code 127.0.0.1:3333}, without the host-name and slash of InetSocketAddress.toString. */
  static String peer(InetSocketAddress address) {
    String host =
        address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
    return host + ":" + address.getPort();
  }
}
