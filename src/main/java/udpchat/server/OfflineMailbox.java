package udpchat.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import udpchat.protocol.StoredMessage;

/**
 * What the server keeps for clients it could not reach: per client, oldest first. Messages leave a
 * mailbox only once the client has acknowledged them. Owned by the registry actor.
 */
final class OfflineMailbox {
  private final Map<String, List<StoredMessage>> byClient = new HashMap<>();

  void store(String client, StoredMessage message) {
    byClient.computeIfAbsent(client, name -> new ArrayList<>()).add(message);
  }

  /** A snapshot of the client's mailbox, oldest first (empty if nothing is stored). */
  List<StoredMessage> messagesFor(String client) {
    return List.copyOf(byClient.getOrDefault(client, List.of()));
  }

  /**
   * Removes what a client acknowledged. Only the delivered snapshot goes: anything stored while it
   * was on its way stays for the next delivery.
   */
  void removeDelivered(String client, List<StoredMessage> delivered) {
    List<StoredMessage> messages = byClient.get(client);
    if (messages == null) {
      return;
    }
    delivered.forEach(messages::remove);
    if (messages.isEmpty()) {
      byClient.remove(client);
    }
  }
}
