package udpchat.server;

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

  /** The name a request speaks for, or null for a packet that speaks for none. */
  static String speakerOf(Packet packet) {
    if (packet instanceof Dereg dereg) {
      return dereg.name();
    } else if (packet instanceof Reg reg) {
      return reg.name();
    } else if (packet instanceof GroupChat groupChat) {
      return groupChat.name();
    } else if (packet instanceof ToOffline toOffline) {
      return toOffline.nameFrom();
    } else if (packet instanceof TableSync sync) {
      return sync.name();
    }
    return null;
  }

  static String tokenOf(Packet packet) {
    if (packet instanceof Dereg dereg) {
      return dereg.token();
    } else if (packet instanceof Reg reg) {
      return reg.token();
    } else if (packet instanceof GroupChat groupChat) {
      return groupChat.token();
    } else if (packet instanceof ToOffline toOffline) {
      return toOffline.token();
    } else if (packet instanceof TableSync sync) {
      return sync.token();
    }
    return null;
  }

  /** The request's id; 0 for table_sync, which has none. */
  static long idOf(Packet packet) {
    return packet instanceof Packet.Request request ? request.id() : 0;
  }

  static Ack ack(long id) {
    return new Ack(id, SERVER);
  }
}
