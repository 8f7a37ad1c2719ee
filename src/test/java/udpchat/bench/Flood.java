package udpchat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * (g) What a flood from one address costs the server: its process CPU time per datagram, for
 * datagrams dropped over the source's rate limit, beside datagrams decoded and refused with the
 * limit off. The datagrams are sent at a steady rate the server keeps up with, so that the
 * kernel does not drop them before the server reads them.
 */
final class Flood {
  static final int ROUNDS = 3;
  private static final byte[] GARBAGE = "not a packet".getBytes(StandardCharsets.UTF_8);

  record Result(double droppedNanos, double refusedNanos, long kernelDrops) {}

  private Flood() {}

  static Result run(BenchOptions options) throws Exception {
    int dropped = options.quick() ? 100_000 : 300_000;
    int refused = options.quick() ? 10_000 : 30_000;
    UdpCounters before = UdpCounters.now();
    double droppedNanos = median(options, "flood-limited",
        Map.of("rate-limit.per-second", "1", "rate-limit.burst", "1"), dropped, 50_000);
    double refusedNanos =
        median(options, "flood-off", Map.of("rate-limit.per-second", "0"), refused, 5_000);
    return new Result(droppedNanos, refusedNanos,
        UdpCounters.now().since(before).receiveBufferErrors());
  }

  private static double median(BenchOptions options, String label, Map<String, String> settings,
      int datagrams, int perSecond) throws Exception {
    List<Double> costs = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      try (ServerProcess server = ServerProcess.start(options.jar(), options.out(), label,
              LogVariant.TRACE_OFF, options.keep(), settings);
          DatagramChannel flooder = DatagramChannel.open()) {
        flooder.bind(new InetSocketAddress("127.0.0.1", 0));
        Benchmark.progress(String.format("%s: %,d datagrams at %,d/s", label, datagrams,
            perSecond));
        send(flooder, server.address(), datagrams / 10, perSecond); // warm-up (JIT)
        long idleNanos = (long) datagrams * 1_000_000_000L / perSecond;
        long idleStart = ProcessCpu.ticks(server.pid());
        LockSupport.parkNanos(idleNanos);
        long idleTicks = ProcessCpu.ticks(server.pid()) - idleStart;
        long start = ProcessCpu.ticks(server.pid());
        send(flooder, server.address(), datagrams, perSecond);
        LockSupport.parkNanos(1_000_000_000L); // what is still queued is read and handled
        long ticks = ProcessCpu.ticks(server.pid()) - start - idleTicks;
        costs.add(ProcessCpu.nanos(ticks) / datagrams);
      }
    }
    costs.sort(Double::compare);
    return costs.get(costs.size() / 2);
  }

  /** Sends {@code count} datagrams at about {@code perSecond}, in blocks of a millisecond. */
  private static void send(DatagramChannel channel, InetSocketAddress to, int count,
      int perSecond) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(GARBAGE);
    long start = System.nanoTime();
    for (int sent = 0; sent < count; sent++) {
      long due = start + (long) sent * 1_000_000_000L / perSecond;
      while (System.nanoTime() < due) {
        LockSupport.parkNanos(Math.min(due - System.nanoTime(), 1_000_000L));
      }
      channel.send(buffer.rewind(), to);
    }
  }
}
