package udpchat.testing.sim;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import udpchat.diagram.TraceLine;
import udpchat.diagram.TraceEvents;
import udpchat.transport.PacketTrace;

/**
 * The packet trace of a simulated run, in the words a real node writes to its log (the same
 * {@link PacketTrace} lines), stamped with virtual time: what the diagram of an in-process
 * scenario is drawn from. Every node's socket on the {@link SimNetwork} records here.
 */
public final class TraceRecorder {
  private final Clock clock;
  private final Map<Integer, String> nodeAtPort = new HashMap<>();
  private final List<TraceLine> lines = new ArrayList<>();

  public TraceRecorder(Clock clock) {
    this.clock = clock;
  }

  /** Node {@code node} binds {@code port}: its datagrams are recorded under its name. */
  public synchronized void bound(String node, InetSocketAddress address) {
    nodeAtPort.put(address.getPort(), node);
    record(node, "udpchat.transport.UdpListener",
        "UDP socket bound to " + PacketTrace.peer(address));
  }

  /** A trace line written by the socket at {@code address}. */
  public synchronized void traced(InetSocketAddress address, String message) {
    String node = nodeAtPort.getOrDefault(address.getPort(), PacketTrace.peer(address));
    record(node, TraceEvents.TRACE_LOGGER, message);
  }

  public synchronized void typed(String node, String line) {
    record(node, TraceEvents.CONSOLE_LOGGER, TraceEvents.TYPED + line);
  }

  public synchronized void printed(String node, String line) {
    record(node, TraceEvents.CONSOLE_LOGGER, TraceEvents.PRINTED + line);
  }

  public synchronized List<TraceLine> lines() {
    return List.copyOf(lines);
  }

  private void record(String node, String logger, String message) {
    lines.add(new TraceLine(LocalDateTime.now(clock), node, logger, message));
  }
}
