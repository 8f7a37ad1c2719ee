package udpchat.protocol;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A node's source of request ids: they start at a random value per node, so a restarted node's
 * ids do not collide with the ones its peers remember, and then count up. Owned by one actor.
 */
public final class PacketIds {
  private long next;

  public PacketIds() {
    this(ThreadLocalRandom.current().nextLong(1, 1L << 31));
  }

  public PacketIds(long first) {
    if (first <= 0) {
      throw new IllegalArgumentException("ids are positive");
    }
    this.next = first;
  }

  public long next() {
    return next++;
  }
}
