package udpchat.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tests' one source of UDP ports: each is free right now and handed out once per test JVM,
 * counting up from {@code -Dudpchat.e2e.first-port}, by default from a random start in
 * 20000–29000. That is below Linux's ephemeral range, so a port handed out here is not also given
 * to some socket bound to port 0 meanwhile, and two test runs on one machine are unlikely to meet.
 */
public final class FreePorts {
  private static final AtomicInteger NEXT =
      new AtomicInteger(
          Integer.getInteger(
              "udpchat.e2e.first-port", 20000 + ThreadLocalRandom.current().nextInt(9000)));

  private FreePorts() {}

  /** A port free for both UDP and TCP (a cluster node's UDP port or its cluster port). */
  public static int nextForBoth() {
    while (true) {
      int port = next();
      try (ServerSocket probe = new ServerSocket(port)) {
        return port;
      } catch (IOException inUse) {
        // taken for TCP: try the next one
      }
    }
  }

  public static int next() {
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
