package udpchat.cli;

import com.typesafe.config.Config;
import java.util.List;
import java.util.OptionalInt;
import udpchat.client.ClientOptions;
import udpchat.client.ServerAddress;

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

  /**
   * A client. {@code serversGiven}: {@code --servers} named its servers, so {@code
   * udpchat.servers} is not read.
   */
  record Client(ClientOptions options, boolean trace, boolean serversGiven) implements Launch {
    /** A client of the SPEC command line's one server, plus those udpchat.servers lists. */
    public Client(ClientOptions options, boolean trace) {
      this(options, trace, false);
    }

    @Override
    public String nodeName() {
      return options.name();
    }

    /** The options with the configured servers after the first, unless --servers named them. */
    public ClientOptions options(Config config) {
      return serversGiven ? options : options.withMoreServers(ServerAddress.configured(config));
    }
  }
}
