package udpchat.server;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import udpchat.protocol.Packet;
import udpchat.protocol.Packet.GroupChat;
import udpchat.protocol.Packet.OfflineMessages;
import udpchat.protocol.Packet.Receipt;
import udpchat.protocol.Packet.StatusCheck;
import udpchat.protocol.PacketIds;
import udpchat.protocol.StoredMessage;

/**
 * What the server sends a client on its own initiative and waits for an answer to: the gateway
 * turns it into one packet per recipient, each with a new id and the recipient's session token.
 * It crosses nodes inside {@link Gateway.Deliver} and {@link Gateway.Pushed}, so Jackson needs its
 * type.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Push.GroupMessage.class, name = "group_message"),
  @JsonSubTypes.Type(value = Push.MailboxPart.class, name = "mailbox_part"),
  @JsonSubTypes.Type(value = Push.ReceiptOf.class, name = "receipt_of"),
  @JsonSubTypes.Type(value = Push.StatusProbe.class, name = "status_probe"),
})
public sealed interface Push {

  Packet.Request packet(long id, String token);

  /** The id of the packet to {@code recipient}: by default the next of the node's own. */
  default long idFor(String recipient, PacketIds ids) {
    return ids.next();
  }

  /**
   * A group message from {@code sender}, its request {@code requestId} in session {@code
   * senderToken}, for its online recipients. Each copy's id follows from the request and the
   * recipient alone, so a retry of the request to a server that crashed before its ACK sends the
   * same ids again: a recipient that showed the first copy ACKs the second without showing it.
   */
  record GroupMessage(String sender, String senderToken, long requestId, String message)
      implements Push {
    /** Far above the ids a node counts from (below 2^32), within JSON's exact integers. */
    private static final long ID_BASE = 1L << 52;

    @Override
    public Packet.Request packet(long id, String token) {
      return new GroupChat(id, sender, message, token);
    }

    @Override
    public long idFor(String recipient, PacketIds ids) {
      byte[] digest = Sha256.of(sender + "\n" + senderToken + "\n" + requestId + "\n" + recipient);
      long bits = 0;
      for (int i = 0; i < Long.BYTES; i++) {
        bits = (bits << 8) | (digest[i] & 0xff);
      }
      return ID_BASE | (bits & (ID_BASE - 1));
    }
  }

  /** One part of a client's mailbox; {@code continued} for every part after the first. */
  record MailboxPart(List<StoredMessage> messages, boolean continued) implements Push {
    public MailboxPart {
      messages = List.copyOf(messages);
    }

    @Override
    public Packet.Request packet(long id, String token) {
      return new OfflineMessages(id, messages, continued, token);
    }
  }

  /** {@code recipient} has received the direct message the client sent at {@code time}. */
  record ReceiptOf(String recipient, String time) implements Push {
    @Override
    public Packet.Request packet(long id, String token) {
      return new Receipt(id, recipient, time, token);
    }
  }

  /** Is the client still there? */
  record StatusProbe() implements Push {
    @Override
    public Packet.Request packet(long id, String token) {
      return new StatusCheck(id, token);
    }
  }
}
