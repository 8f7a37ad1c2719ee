package udpchat.transport;

/**
 * What a socket counts as it works, for an operator's metrics: called on the socket's own threads
 * (its reader, and whoever sends), so an implementation must be thread-safe.
 */
public interface DatagramCounters {
  /** Counts nothing: clients, and servers in tests that do not look. */
  DatagramCounters NONE =
      new DatagramCounters() {
        @Override
        public void received(String type) {}

        @Override
        public void rejected() {}

        @Override
        public void sent(String type) {}

        @Override
        public void sendFailed() {}

        @Override
        public void rateLimited() {}
      };

  /** A datagram read and decoded, of this wire type. */
  void received(String type);

  /** A datagram read and refused by the codec. */
  void rejected();

  /** A datagram handed to the kernel, of this wire type. */
  void sent(String type);

  /** A datagram that could not be sent (too large, send buffer full, socket closed). */
  void sendFailed();

  /** A datagram dropped unread: its source was over its rate limit. */
  void rateLimited();
}
