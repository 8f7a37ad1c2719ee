package udpchat.server;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ids of each client's latest requests whose effect is in the journal (a message stored, a
 * group message taken), within its current session. A retry of one after a crash, when the server
 * wrote the effect but died before its ACK went out, is answered again and not acted on twice.
 * Bounded per client; a new session (freg) starts empty, as its ids start afresh. Owned by the
 * registry actor.
 */
final class DoneRequests {
  /** Far more than a client has unanswered at once: it sends one request at a time. */
  static final int PER_CLIENT = 32;

  private final Map<String, Deque<Long>> ids = new HashMap<>();

  void add(String client, long id) {
    Deque<Long> recent = ids.computeIfAbsent(client, name -> new ArrayDeque<>());
    recent.addLast(id);
    if (recent.size() > PER_CLIENT) {
      recent.removeFirst();
    }
  }

  boolean contains(String client, long id) {
    Deque<Long> recent = ids.get(client);
    return recent != null && recent.contains(id);
  }

  /** A new session: the old one's ids mean nothing now. */
  void forget(String client) {
    ids.remove(client);
  }

  /** Every client's ids, oldest first, for a snapshot. */
  Map<String, List<Long>> all() {
    Map<String, List<Long>> copy = new HashMap<>();
    ids.forEach((client, recent) -> copy.put(client, List.copyOf(recent)));
    return Map.copyOf(copy);
  }
}
