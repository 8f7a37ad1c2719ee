package udpchat.cli;

import java.util.List;
import java.util.OptionalInt;
import udpchat.client.ClientOptions;

/** What the command line asked for, already checked: a server or a client, and its options. */
public sealed interface Launch {
  /** The node's name in its log lines and log file name. */
  String nodeName();

  /** Mirror the packet trace to stderr. */
  boolean trace();

  /**
   * A server on UDP {@code port}; the cluster flags, when given, override udpchat.cluster's
   * port and seed nodes.
   */
  record Server(int port, boolean trace, OptionalInt clusterPort, List<String> seedNodes)
      implements Launch {
    public Server {
      seedNodes = List.copyOf(seedNodes);
    }

    public Server(int port, boolean trace) {
      this(port, trace, OptionalInt.empty(), List.of());
    }

    @Override
    public String nodeName() {
      return "server";
    }
  }

  record Client(ClientOptions options, boolean trace) implements Launch {
    @Override
    public String nodeName() {
      return options.name();
    }
  }
}
