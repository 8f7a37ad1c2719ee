package udpchat.transport;

import java.net.InetSocketAddress;
import udpchat.protocol.Packet;

/**
 * The actor protocol of a node's one UDP socket. The node sends {@link Send}; the transport tells
 * the node's {@link Event} adapter what happens. {@link UdpListener} implements it over real UDP;
 * tests put an in-memory network in its place. Either way every datagram goes through the one
 * {@link udpchat.protocol.PacketCodec}.
 */
public final class Transport {
  private Transport() {}

  /** What a node asks of its socket. */
  public sealed interface Command {}

  /** Send one packet as one datagram. */
  public record Send(udpchat.protocol.Packet packet, InetSocketAddress to) implements Command {}

  /** What the socket tells its node. */
  public sealed interface Event {}

  /** The socket is bound and ready. */
  public record Bound(InetSocketAddress localAddress) implements Event {}

  /** The socket could not be bound (for example, the port is in use). */
  public record BindFailed(InetSocketAddress localAddress, String reason) implements Event {}

  /** A well-formed packet arrived from {@code from} (the datagram's source address). */
  public record Received(Packet packet, InetSocketAddress from) implements Event {}

  /** A datagram from {@code from} was not a well-formed packet; it has been logged and dropped. */
  public record Rejected(InetSocketAddress from, String reason) implements Event {}
}
