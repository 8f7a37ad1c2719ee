package udpchat.server;

import java.util.HashMap;
import java.util.Map;
import udpchat.protocol.ClientEntry;

/**
 * The directory's table and each name's current token. Only {@link #apply} changes it, one event
 * at a time; owned by the directory (mutable, never shared: {@link #image} is what leaves it).
 */
final class DirectoryState {
  private final ClientRegistry clients = new ClientRegistry();
  private final Map<String, String> tokens = new HashMap<>();
  private final Map<String, Long> seqNrs = new HashMap<>();

  static DirectoryState of(DirectoryImage image) {
    DirectoryState state = new DirectoryState();
    state.clients.restore(image.clients(), image.version());
    state.tokens.putAll(image.tokens());
    state.seqNrs.putAll(image.seqNrs());
    return state;
  }

  ClientRegistry clients() {
    return clients;
  }

  String tokenOf(String name) {
    return tokens.get(name);
  }

  Map<String, String> tokens() {
    return Map.copyOf(tokens);
  }

  /** The entity event the name's line is from. */
  long seqNrOf(String name) {
    return seqNrs.getOrDefault(name, 0L);
  }

  DirectoryState apply(DirectoryEvent event) {
    ClientEntry entry = event.entry();
    if (event.seqNr() < seqNrOf(entry.name())) {
      return this; // an older report than the line already has
    }
    seqNrs.put(entry.name(), event.seqNr());
    if (clients.get(entry.name()).isEmpty()) {
      clients.add(entry);
    } else {
      clients.setOnline(entry.name(), entry.online());
    }
    tokens.put(entry.name(), event.token());
    return this;
  }

  DirectoryImage image() {
    return new DirectoryImage(clients.all(), clients.version(), tokens, seqNrs);
  }
}
