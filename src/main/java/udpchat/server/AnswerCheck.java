package udpchat.server;

import java.net.InetSocketAddress;
import udpchat.protocol.Packet;
import udpchat.protocol.Packet.Ack;
import udpchat.protocol.Packet.ErrorReply;
import udpchat.protocol.Packet.StatusCheck;
import udpchat.protocol.Packet.StatusConfirm;
import udpchat.protocol.PacketTypes;
import udpchat.protocol.SessionToken;
import udpchat.server.DeliveryRound.Recipient;

/**
 * Whether an answer (ack or status_confirm) to a packet of the server's counts: only when it has
 * the expected type and comes from the very client and address the packet went to, in its
 * current session.
 */
final class AnswerCheck {

  /** What to do with the answer. */
  sealed interface Verdict {}

  record Counts() implements Verdict {}

  /** Not an answer to that packet: dropped, with the reason for the log. */
  record Dropped(String why) implements Verdict {}

  /** Someone else's claim to be the recipient: refused with {@code error}. */
  record Refused(String why, ErrorReply error) implements Verdict {}

  private AnswerCheck() {}

  static Verdict of(Recipient recipient, Packet.Reply answer, String from, String token,
      InetSocketAddress source, String currentToken) {
    String kind = answer instanceof Ack ? "ack" : "status_confirm";
    String what = PacketTypes.nameOf(answer) + " id " + answer.id();
    boolean expectedType = recipient.packet() instanceof StatusCheck
        ? answer instanceof StatusConfirm : answer instanceof Ack;
    if (!expectedType) {
      return new Dropped(what + " from " + source + ": not the answer to a "
          + PacketTypes.nameOf(recipient.packet()));
    } else if (!recipient.address().equals(source) || !recipient.name().equals(from)) {
      return new Refused(what + " claims to be from " + from + " at " + source
          + ", but that packet went to " + recipient.name() + " at " + recipient.address(),
          ErrorReply.of(answer.id(), kind + " for id " + answer.id() + " must come from "
              + recipient.name() + "'s registered address"));
    } else if (!SessionToken.matches(currentToken, token)) {
      return new Refused(what + " from " + source + " does not carry " + recipient.name()
          + "'s current session token",
          ErrorReply.of(answer.id(), kind + " for id " + answer.id() + " needs "
              + recipient.name() + "'s session token"));
    }
    return new Counts();
  }
}
