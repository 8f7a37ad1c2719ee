package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import udpchat.protocol.MalformedPacketException;
import udpchat.protocol.Packet;
import udpchat.protocol.Packet.TableUpdate;
import udpchat.protocol.PacketCodec;
import udpchat.testing.ProbeTransport;
import udpchat.transport.Transport;

/**
 * Datagrams that go out at the same moment from two senders: the registry's table_update
 * broadcast, which it sends once its mailbox is drained (after the request that changed the table
 * has been answered), and the first packets of the rounds it has just started (a mailbox offered
 * or delivered, receipts), which each round sends on its own. Each sender keeps its own order; how
 * the two interleave is up to the scheduler. So this reads the next datagrams and splits them into
 * the table_updates, in the order they were sent, and the rest, in the order they were sent.
 */
final class Interleaved {
  /** As {@link ProbeTransport} reads them: through the codec, so equal packets compare equal. */
  private static final PacketCodec CODEC = new PacketCodec(65507);

  private final List<Transport.Send> updates = new ArrayList<>();
  private final List<Transport.Send> rest = new ArrayList<>();

  private Interleaved() {}

  /** The next {@code updates} table_updates and {@code others} other datagrams, in any mix. */
  static Interleaved next(ProbeTransport transport, int updates, int others) {
    Interleaved sent = new Interleaved();
    for (int i = 0; i < updates + others; i++) {
      Transport.Send send = transport.sent.expectMessageClass(Transport.Send.class);
      (send.packet() instanceof TableUpdate ? sent.updates : sent.rest).add(send);
    }
    assertEquals(updates, sent.updates.size(), "table_updates among " + sent.all());
    assertEquals(others, sent.rest.size(), "other datagrams among " + sent.all());
    return sent;
  }

  /** The {@code index}th table_update (from 0), which must go to {@code to}. */
  TableUpdate update(int index, InetSocketAddress to) {
    Transport.Send send = updates.get(index);
    assertEquals(to, send.to(), "table_update " + index + " of " + updates);
    return (TableUpdate) roundTrip(send.packet());
  }

  /** The table_update to {@code to}: there must be exactly one. */
  TableUpdate updateTo(InetSocketAddress to) {
    List<Transport.Send> toIt = updates.stream().filter(send -> send.to().equals(to)).toList();
    assertEquals(1, toIt.size(), "table_updates to " + to + " among " + updates);
    return (TableUpdate) roundTrip(toIt.get(0).packet());
  }

  /**
   * The first datagram other than a table_update that is a {@code type} to {@code to}; taken, so
   * that the next call finds the next one (a round sends its packets in order).
   */
  <P extends Packet> P take(Class<P> type, InetSocketAddress to) {
    for (int i = 0; i < rest.size(); i++) {
      Transport.Send send = rest.get(i);
      if (type.isInstance(send.packet()) && send.to().equals(to)) {
        rest.remove(i);
        return type.cast(roundTrip(send.packet()));
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " to " + to + " among " + rest);
  }

  /** Every datagram other than the table_updates has been taken. */
  void expectAllTaken() {
    assertEquals(List.of(), rest, "datagrams not expected");
  }

  private List<Transport.Send> all() {
    List<Transport.Send> all = new ArrayList<>(updates);
    all.addAll(rest);
    return all;
  }

  private static Packet roundTrip(Packet packet) {
    try {
      return CODEC.decode(CODEC.encode(packet));
    } catch (MalformedPacketException e) {
      throw new AssertionError("packet does not survive the codec: " + packet, e);
    }
  }
}
