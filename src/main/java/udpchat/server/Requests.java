package udpchat.server;

import java.util.Optional;
import udpchat.protocol.Packet;
import udpchat.protocol.Packet.Ack;
import udpchat.protocol.Packet.Dereg;
import udpchat.protocol.Packet.GroupChat;
import udpchat.protocol.Packet.Reg;
import udpchat.protocol.Packet.TableSync;
import udpchat.protocol.Packet.ToOffline;

/** What the server reads off a client's request: who speaks, with which session, which id. */
final class Requests {
  /** The server's name in the {@code from} of its ACKs. */
  static final String SERVER = "server";

  private Requests() {}

  /** Who a request speaks for, and the session token it carries for them (null if none). */
  record Speaker(String name, String token) {}

  /** The speaker of dereg, reg, GC, to_offline or table_sync; empty for any other packet. */
  static Optional<Speaker> speakerOf(Packet packet) {
    if (packet instanceof Dereg dereg) {
      return Optional.of(new Speaker(dereg.name(), dereg.token()));
    } else if (packet instanceof Reg reg) {
      return Optional.of(new Speaker(reg.name(), reg.token()));
    } else if (packet instanceof GroupChat groupChat) {
      return Optional.of(new Speaker(groupChat.name(), groupChat.token()));
    } else if (packet instanceof ToOffline toOffline) {
      return Optional.of(new Speaker(toOffline.nameFrom(), toOffline.token()));
    } else if (packet instanceof TableSync sync) {
      return Optional.of(new Speaker(sync.name(), sync.token()));
    }
    return Optional.empty();
  }

  /** The request's id; 0 for table_sync, which has none. */
  static long idOf(Packet packet) {
    return packet instanceof Packet.Request request ? request.id() : 0;
  }

  static Ack ack(long id) {
    return new Ack(id, SERVER);
  }
}
