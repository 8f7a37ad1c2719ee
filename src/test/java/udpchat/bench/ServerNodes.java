package udpchat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import udpchat.testing.FreePorts;
import udpchat.testing.TestPostgres;

/**
 * The servers a phase drives: one process, or the nodes of a cluster on 127.0.0.1 (each its own
 * UDP and cluster port, working directory and log; the first two are the seed nodes). The load
 * generator spreads its clients over {@link #addresses}, the first client on the first node.
 */
final class ServerNodes implements AutoCloseable {
  private final List<ServerProcess> nodes;
  /** The PostgreSQL database of the journal, whose CPU time is measured; null: H2. */
  private final String database;

  private ServerNodes(List<ServerProcess> nodes, String database) {
    this.nodes = List.copyOf(nodes);
    this.database = database;
  }

  /** One server on its own H2 journal. */
  static ServerNodes one(ServerProcess server) {
    return new ServerNodes(List.of(server), null);
  }

  /** One server (no cluster) on the PostgreSQL journal of {@link TestPostgres}. */
  static ServerNodes oneOnPostgres(BenchOptions options, String label, LogVariant logging)
      throws IOException, InterruptedException {
    return new ServerNodes(List.of(ServerProcess.startOnPostgres(options.jar(), options.out(),
        label, logging, options.keep())), postgresDatabase());
  }

  /** {@code size} cluster nodes on PostgreSQL, started side by side; returns once each listens. */
  static ServerNodes cluster(BenchOptions options, String label, LogVariant logging, int size)
      throws IOException, InterruptedException {
    int[] udpPorts = new int[size];
    int[] clusterPorts = new int[size];
    for (int i = 0; i < size; i++) {
      udpPorts[i] = FreePorts.nextForBoth();
      clusterPorts[i] = FreePorts.nextForBoth();
    }
    List<Integer> seeds = List.of(clusterPorts[0], clusterPorts[Math.min(1, size - 1)]);
    List<ServerProcess> started = new ArrayList<>();
    try {
      for (int i = 0; i < size; i++) {
        started.add(ServerProcess.launchClusterNode(options.jar(), options.out(),
            label + "-node" + i, logging, options.keep(), udpPorts[i], clusterPorts[i], seeds));
      }
      for (ServerProcess node : started) {
        node.awaitListening();
      }
      return new ServerNodes(started, postgresDatabase());
    } catch (IOException | InterruptedException | RuntimeException e) {
      new ServerNodes(started, null).close();
      throw e;
    }
  }

  /**
   * How often a simulated client sends a request before it gives up: 10 to one server; to a
   * cluster four rounds of that, as a client with udpchat.server-rounds = 4 would try its
   * servers: a name's first request after the start also places its shard (the coordinator's
   * decision written with a majority), which takes seconds on a loaded machine.
   */
  int requestAttempts() {
    return nodes.size() == 1 ? 10 : 40;
  }

  int size() {
    return nodes.size();
  }

  ServerProcess node(int i) {
    return nodes.get(i);
  }

  List<InetSocketAddress> addresses() {
    return nodes.stream().map(ServerProcess::address).toList();
  }

  /** The CPU time each node and the journal's PostgreSQL have used so far. */
  ProcessCpu.Sample cpu() {
    return ProcessCpu.Sample.of(nodes.stream().map(ServerProcess::pid).toList(), database);
  }

  /** The database name at the end of the JDBC URL. */
  private static String postgresDatabase() {
    String path = TestPostgres.URL.replaceFirst("\\?.*$", "");
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Lines with this text in all the nodes' logs; -1 if one could not be read. */
  long countLogLines(String text) {
    long count = 0;
    for (ServerProcess node : nodes) {
      long lines = node.countLogLines(text);
      if (lines < 0) {
        return -1;
      }
      count += lines;
    }
    return count;
  }

  /** Bytes all the nodes have logged so far. */
  long logBytes() {
    return nodes.stream().mapToLong(ServerProcess::logBytes).sum();
  }

  /** Stops every node at once: one by one, each would wait for the others to take its shards. */
  @Override
  public void close() {
    CompletableFuture.allOf(nodes.stream()
            .map(node -> CompletableFuture.runAsync(node::close))
            .toArray(CompletableFuture[]::new))
        .join();
  }
}
