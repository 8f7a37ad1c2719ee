package udpchat.protocol;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The (sender address, id) pairs a node has recently acted on, with the reply it gave, so a
 * retransmission or duplicate is answered again but never acted on twice. Bounded: the oldest
 * pair is forgotten first. Owned by one actor; not thread-safe.
 */
public final class RecentRequests {
  /** A request as its sender names it. */
  private record Key(InetSocketAddress from, long id) {}

  private final Map<Key, Optional<Packet>> seen;

  public RecentRequests(int capacity) {
    this.seen =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Optional<Packet>> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * Records a request as seen. Returns true the first time; false for a repeat, which the caller
   * answers with {@link #replyTo} (if any) instead of acting on it.
   */
  public boolean firstTime(InetSocketAddress from, long id) {
    return seen.putIfAbsent(new Key(from, id), Optional.empty()) == null;
  }

  /** Whether a request was seen, without recording it. */
  public boolean contains(InetSocketAddress from, long id) {
    return seen.containsKey(new Key(from, id));
  }

  /** Forgets a request that was not carried out: its repeat is acted on as if it were new. */
  public void forget(InetSocketAddress from, long id) {
    seen.remove(new Key(from, id));
  }

  /** Remembers the reply given to a request, to give it again to a repeat. */
  public void replied(InetSocketAddress from, long id, Packet reply) {
    seen.put(new Key(from, id), Optional.of(reply));
  }

  /** The reply given to this request, if it was seen and has been answered. */
  public Optional<Packet> replyTo(InetSocketAddress from, long id) {
    return seen.getOrDefault(new Key(from, id), Optional.empty());
  }
}
