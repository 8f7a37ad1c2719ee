package udpchat.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import udpchat.protocol.StoredMessage;
import udpchat.server.RegistryEvent.MessageStored;
import udpchat.server.RegistryEvent.WentOffline;

/**
 * The events one command causes, gathered before they are written: the registry decides
 * everything against the state as it is, and the state changes only once the events are in the
 * journal. Keeps count of what it has planned, so a mailbox is not overfilled and a client is not
 * marked offline twice by one command.
 */
final class Changes {
  private final RegistryState state;
  private final List<RegistryEvent> events = new ArrayList<>();
  private final Map<String, Integer> storedFor = new HashMap<>();
  private final Set<String> goneOffline = new HashSet<>();
  private boolean tableChanged;

  Changes(RegistryState state) {
    this.state = state;
  }

  /** An event that changes the client table. */
  void tableEvent(RegistryEvent event) {
    events.add(event);
    tableChanged = true;
  }

  /** An event that leaves the table as it is. */
  void event(RegistryEvent event) {
    events.add(event);
  }

  /** Stores a message for {@code client} unless its mailbox is full; false if it is. */
  boolean store(String client, StoredMessage message) {
    int planned = storedFor.getOrDefault(client, 0);
    if (state.mailbox().count(client) + planned >= state.mailbox().capacity()) {
      return false;
    }
    storedFor.put(client, planned + 1);
    events.add(new MessageStored(client, message));
    return true;
  }

  /** Marks an online client offline; false if it is offline already. */
  boolean wentOffline(String name) {
    boolean online = state.clients().get(name).map(c -> c.online()).orElse(false);
    if (!online || !goneOffline.add(name)) {
      return false;
    }
    tableEvent(new WentOffline(name));
    return true;
  }

  boolean tableChanged() {
    return tableChanged;
  }

  boolean isEmpty() {
    return events.isEmpty();
  }

  List<RegistryEvent> events() {
    return List.copyOf(events);
  }
}
