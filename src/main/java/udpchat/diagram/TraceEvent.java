package udpchat.diagram;

import java.time.LocalDateTime;

/** What one trace line says happened at a node: a datagram, its socket, or a person's line. */
public sealed interface TraceEvent {
  LocalDateTime time();

  String node();

  /**
   * A datagram the node sent ({@code sent}) or read, of a wire type, with its id (0 when the type
   * has none), to or from {@code peer} ({@code host:port}). {@code dropped}: the sender's socket
   * did not take it.
   */
  record Datagram(
      LocalDateTime time, String node, boolean sent, String type, long id, String peer,
      int bytes, boolean dropped)
      implements TraceEvent {}

  /** A datagram the node read and refused, and why. */
  record Rejected(LocalDateTime time, String node, String peer, String reason)
      implements TraceEvent {}

  /** The node's socket is bound to {@code address} ({@code host:port}). */
  record Bound(LocalDateTime time, String node, String address) implements TraceEvent {}

  /** A line the person typed, or one the node printed for them. */
  record PersonLine(LocalDateTime time, String node, boolean typed, String text)
      implements TraceEvent {}
}
