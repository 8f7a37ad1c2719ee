package udpchat.server;

import java.util.List;
import udpchat.protocol.Packet;
import udpchat.protocol.Packet.GroupChat;
import udpchat.protocol.Packet.OfflineMessages;
import udpchat.protocol.Packet.Receipt;
import udpchat.protocol.Packet.StatusCheck;
import udpchat.protocol.StoredMessage;

/**
 * What the server sends a client on its own initiative and waits for an answer to: the gateway
 * turns it into one packet per recipient, each with a new id and the recipient's session token.
 */
public sealed interface Push extends JournalJson {

  Packet.Request packet(long id, String token);

  /** A group message from {@code sender}, for its online recipients. */
  record GroupMessage(String sender, String message) implements Push {
    @Override
    public Packet.Request packet(long id, String token) {
      return new GroupChat(id, sender, message, token);
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
