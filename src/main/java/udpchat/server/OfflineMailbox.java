package udpchat.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import udpchat.protocol.StoredMessage;

/**
 * What the server keeps for clients it could not reach: per client, oldest first, at most
 * {@code capacity} messages each. Messages leave a mailbox only once the client has acknowledged
 * them. Owned by the registry actor.
 */
final class OfflineMailbox {
  private final int capacity;
  private final Map<String, List<StoredMessage>> byClient = new HashMap<>();

  OfflineMailbox(int capacity) {
    this.capacity = capacity;
  }

  /** Stores a message unless the client's mailbox is full; false if it was not stored. */
  boolean store(String client, StoredMessage message) {
    List<StoredMessage> messages = byClient.computeIfAbsent(client, name -> new ArrayList<>());
    if (messages.size() >= capacity) {
      return false;
    }
    messages.add(message);
    return true;
  }

  /**
   * Stores a message whatever the capacity: the journal's record that it was stored (the capacity
   * was checked when it was accepted, and may have been larger then).
   */
  void append(String client, StoredMessage message) {
    byClient.computeIfAbsent(client, name -> new ArrayList<>()).add(message);
  }

  boolean isFull(String client) {
    return count(client) >= capacity;
  }

  /** How many messages are stored for the client. */
  int count(String client) {
    return byClient.getOrDefault(client, List.of()).size();
  }

  int capacity() {
    return capacity;
  }

  /** A snapshot of the client's mailbox, oldest first (empty if nothing is stored). */
  List<StoredMessage> messagesFor(String client) {
    return List.copyOf(byClient.getOrDefault(client, List.of()));
  }

  /** A snapshot of every non-empty mailbox. */
  Map<String, List<StoredMessage>> all() {
    Map<String, List<StoredMessage>> copy = new HashMap<>();
    byClient.forEach(
        (client, messages) -> {
          if (!messages.isEmpty()) {
            copy.put(client, List.copyOf(messages));
          }
        });
    return copy;
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
