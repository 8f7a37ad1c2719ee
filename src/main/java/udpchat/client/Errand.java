package udpchat.client;

import udpchat.protocol.Packet;

/**
 * What a command in flight is waiting for, which decides what its answer, or the lack of one,
 * means. The client runs one errand at a time; commands typed meanwhile wait their turn.
 */
sealed interface Errand {

  /** dereg and reg change the client's presence: until answered it is neither quite online nor off. */
  default boolean changesPresence() {
    return this instanceof GoOffline || this instanceof ComeBackOnline;
  }

  /** {@code dereg}; when {@code quitting} ({@code quit} or end of input) the client exits after. */
  record GoOffline(boolean quitting) implements Errand {}

  /** {@code reg}: back online once the server ACKs. */
  record ComeBackOnline() implements Errand {}

  /** {@code send_all}: the server ACKs and delivers. */
  record GroupMessage() implements Errand {}

  /**
   * A direct message to {@code peer}. {@code secondRound}: the server already said the peer exists
   * once, so a second "exists" means the message cannot be delivered.
   */
  record DirectDelivery(String peer, Packet.DirectMessage message, boolean secondRound)
      implements Errand {}

  /** The same message handed to the server as {@code to_offline}, stamped {@code timestamp}. */
  record OfflineDelivery(
      String peer, Packet.DirectMessage message, String timestamp, boolean secondRound)
      implements Errand {}
}
