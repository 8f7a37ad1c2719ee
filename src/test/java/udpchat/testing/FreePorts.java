package udpchat.scenario;

import java.net.DatagramSocket;
import java.net.SocketException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out UDP ports that are free right now, each once per test run, counting up from
 * {@code -Dudpchat.e2e.first-port}, by default from a random start in 20000–29000 (below Linux's
 * ephemeral range) so that two test runs on one machine are unlikely to meet.
 */
final class FreePorts {
  private static final AtomicInteger NEXT =
      new AtomicInteger(
          Integer.getInteger(
              "udpchat.e2e.first-port", 20000 + ThreadLocalRandom.current().nextInt(9000)));

  private FreePorts() {}

  static int next() {
    while (true) {
      int port = NEXT.getAndIncrement();
      if (port > 65535) {
        throw new IllegalStateException("no free UDP port left");
      }
      try (DatagramSocket probe = new DatagramSocket(port)) {
        return port;
      } catch (SocketException inUse) {
        // taken: try the next one
      }
    }
  }
}
