package udpchat.diagram;

import java.time.LocalDateTime;
import java.util.List;

/**
 * A run's message flow, ready to draw: the lifelines in order of appearance and what happened,
 * in time order.
 *
 * @param lifelines the nodes (and unknown addresses) that take part
 * @param steps arrows and notes, in time order
 * @param arrowsLeftOut arrows not drawn because of the cap
 */
public record Flow(List<String> lifelines, List<Step> steps, int arrowsLeftOut) {
  /** How a datagram fared. */
  public enum Fate {
    /** Sent and read. */
    DELIVERED,
    /** Sent (or dropped by the sender's socket), never read by a node whose log is here. */
    LOST,
    /** Read once more than it was sent: the network delivered it twice. */
    DUPLICATE,
    /** Read and refused by the codec. */
    REJECTED
  }

  /** One line of the diagram. */
  public sealed interface Step {
    LocalDateTime time();
  }

  /**
   * A datagram from one lifeline to another. {@code attempt} counts the sends of the same packet
   * (type, id, sender, receiver): 2 and up are retries.
   */
  public record Arrow(
      LocalDateTime time, String from, String to, String type, long id, int attempt, Fate fate,
      String detail)
      implements Step {
    public boolean isRetry() {
      return attempt > 1;
    }

    /** {@code "msg 17"}, {@code "msg 17 (retry 2)"}, {@code "table_update"}, … */
    public String label() {
      StringBuilder label = new StringBuilder(type);
      if (id != 0) {
        label.append(' ').append(id);
      }
      if (isRetry()) {
        label.append(" (retry ").append(attempt).append(')');
      }
      switch (fate) {
        case LOST -> label.append(" (lost)");
        case DUPLICATE -> label.append(" (duplicate)");
        case REJECTED -> label.append(" (rejected: ").append(detail).append(')');
        case DELIVERED -> { }
      }
      return label.toString();
    }
  }

  /** A person's line at a lifeline: typed, or printed for them. */
  public record Note(LocalDateTime time, String lifeline, boolean typed, String text)
      implements Step {}

  public long arrowCount() {
    return steps.stream().filter(Arrow.class::isInstance).count();
  }
}
