package udpchat.server;

import java.util.List;
import udpchat.protocol.StoredMessage;

/**
 * What happened to one client, in the order it happened: its entity's journal is this list, and
 * {@link ClientState} is what replaying it gives. The entity answers a request that changes
 * something only once its events are written.
 */
public sealed interface ClientEvent extends JournalJson {

  /**
   * The name registered (a new name, or its process restarted at its own address): online at
   * {@code ip:port} with a new session token; the old session's request ids mean nothing now.
   */
  /**
   * A new session from {@code ip}:{@code port}; {@code fregId} is the freg that made it (0 in
   * events written before it was kept), so that a repeat of it reaching any node is known.
   */
  record Registered(String ip, int port, String token, long fregId) implements ClientEvent {}

  /**
   * The client went offline: by its own {@code dereg} ({@code silent} false), or because a packet
   * of the server's went unanswered ({@code silent} true: anything it says with its session later
   * brings it back online).
   */
  record WentOffline(boolean silent) implements ClientEvent {}

  /** The client came back online: {@code reg}, or it spoke after the server presumed it gone. */
  record CameOnline() implements ClientEvent {}

  /**
   * A message (direct, group, or a receipt) was stored while the client was offline, with the
   * id of the packet that may already have shown it when it has one ({@link StoredMessage#id}),
   * and the sender's request that stored it, if it was one ({@code to_offline}): its retry, also
   * after a crash, is recognised here and answered without storing it again. Null for group
   * copies, receipts and entries written before the field existed.
   */
  record MessageStored(StoredMessage message, SenderRequest request) implements ClientEvent {
    public MessageStored(StoredMessage message) {
      this(message, null);
    }
  }

  /** A request as its sender names it: ids count up from a random start per client process. */
  record SenderRequest(String sender, long id) {}

  /** The client acknowledged these messages from its mailbox: they leave it. */
  record MailboxDelivered(List<StoredMessage> delivered) implements ClientEvent {
    public MailboxDelivered {
      delivered = List.copyOf(delivered);
    }
  }

  /**
   * The client's request {@code id} (a group message that stored copies) has had its effect: a
   * retry of it (after a crash lost the ACK) is answered again, not acted on.
   */
  record RequestDone(long id) implements ClientEvent {}
}
