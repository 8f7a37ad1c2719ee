package udpchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel's UDP counters for the whole host (/proc/net/snmp): how many datagrams were dropped
 * because a socket's receive buffer was full, or could not be sent for a full send buffer. Every
 * process on the host counts, so a difference over a short step is mostly the benchmark's.
 */
record UdpCounters(long receiveBufferErrors, long sendBufferErrors) {
  static final UdpCounters NONE = new UdpCounters(0, 0);

  static UdpCounters now() {
    try {
      List<String> udp =
          Files.readAllLines(Path.of("/proc/net/snmp")).stream()
              .filter(line -> line.startsWith("Udp:"))
              .toList();
      if (udp.size() < 2) {
        return NONE;
      }
      List<String> names = List.of(udp.get(0).split("\\s+"));
      String[] values = udp.get(1).split("\\s+");
      return new UdpCounters(value(names, values, "RcvbufErrors"),
          value(names, values, "SndbufErrors"));
    } catch (IOException | RuntimeException e) {
      return NONE;
    }
  }

  private static long value(List<String> names, String[] values, String name) {
    int index = names.indexOf(name);
    return index < 0 || index >= values.length ? 0 : Long.parseLong(values[index]);
  }

  UdpCounters since(UdpCounters before) {
    return new UdpCounters(receiveBufferErrors - before.receiveBufferErrors,
        sendBufferErrors - before.sendBufferErrors);
  }
}
