package udpchat.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import udpchat.client.ClientOptions;
import udpchat.client.ServerAddress;
import udpchat.protocol.Fields;

/**
 * The command line (SPEC §1). Picocli splits it; {@link #toLaunch} checks every value and names
 * the first wrong one in a {@link ParameterException}, which {@link udpchat.Main} prints as one
 * line plus the usage.
 */
@Command(
    name = "udpchat",
    separator = " ",
    sortOptions = false,
    usageHelpWidth = 100,
    customSynopsis = {
      "java -jar udpchat.jar -s <server-port> [--cluster-port <port>] [--seed-nodes <host:port,...>]"
          + " [--trace]",
      "       java -jar udpchat.jar -c <name> <server-ip> <server-port> <client-port>",
      "                             [--servers <ip:port>[,<ip:port>...]] [--trace]",
      "       java -jar udpchat.jar diagram <log-dir> -o <flow.svg> (see: diagram --help)"
    },
    description = {"", "Chat over UDP: a registry server, and clients that talk to each other.", ""},
    footer = {
      "",
      "Ports are whole numbers 1024-65535; a name is 1-32 characters of A-Z a-z 0-9 _ - .",
      "Settings: conf/application.conf in the working directory, or -Dudpchat.<key>=<value>."
    })
public final class Arguments {
  private static final String CLIENT_VALUES = "<name> <server-ip> <server-port> <client-port>";

  @Spec CommandSpec spec;

  @Option(
      names = "-s",
      paramLabel = "<server-port>",
      description = "Run the server on this UDP port.")
  String serverPort;

  // Any number of values, so that a wrong count gets a message that names what is missing.
  @Option(
      names = "-c",
      arity = "0..*",
      paramLabel = CLIENT_VALUES,
      hideParamSyntax = true,
      description = "Run a client named <name> on <client-port>, registering with the server.")
  List<String> client;

  @Option(
      names = "--cluster-port",
      paramLabel = "<port>",
      description = "Server only: this node's cluster port (udpchat.cluster.port).")
  String clusterPort;

  @Option(
      names = "--seed-nodes",
      paramLabel = "<host:port,...>",
      split = ",",
      description = "Server only: run as a cluster node that joins these nodes' cluster ports"
          + " (udpchat.cluster.seed-nodes).")
  List<String> seedNodes;

  @Option(
      names = "--servers",
      split = ",",
      paramLabel = "<ip:port>",
      description = {
        "A client's other servers (nodes of one chat), tried in this order after",
        "<server-ip>:<server-port> when it does not answer. Overrides udpchat.servers."
      })
  List<String> servers;

  @Option(names = "--trace", description = "Also print the packet trace (every datagram) to stderr.")
  boolean trace;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Print this help and exit.")
  boolean help;

  /** The checked launch request; throws with one line naming what is wrong. */
  public Launch toLaunch() {
    if (serverPort != null && client != null) {
      throw wrong("use either -s (server) or -c (client), not both");
    }
    if (serverPort != null) {
      if (servers != null) {
        throw wrong("--servers is for a client (-c), not for the server");
      }
      OptionalInt cluster = clusterPort == null
          ? OptionalInt.empty()
          : OptionalInt.of(port("cluster port", clusterPort));
      return new Launch.Server(port("server port", serverPort), trace, cluster,
          seedNodes == null ? List.of() : seedNodes);
    }
    if (clusterPort != null || seedNodes != null) {
      throw wrong("--cluster-port and --seed-nodes are for a server (-s)");
    }
    if (client == null) {
      throw wrong("missing -s <server-port> or -c " + CLIENT_VALUES);
    }
    if (client.size() != 4) {
      throw wrong(
          "-c takes 4 values, "
              + CLIENT_VALUES
              + ", but got "
              + client.size()
              + (client.isEmpty() ? "" : ": " + String.join(" ", client)));
    }
    String name = client.get(0);
    if (!Fields.isValidName(name)) {
      throw wrong(
          "invalid name '" + name + "': use 1-32 characters of A-Z a-z 0-9 _ - .");
    }
    InetAddress serverIp = host(client.get(1));
    InetSocketAddress first = new InetSocketAddress(serverIp, port("server port", client.get(2)));
    int clientPort = port("client port", client.get(3));
    ClientOptions options = new ClientOptions(name, first, clientPort);
    if (servers == null) {
      return new Launch.Client(options, trace);
    }
    try {
      return new Launch.Client(
          options.withMoreServers(ServerAddress.parseAll(servers)), trace, true);
    } catch (IllegalArgumentException e) {
      throw wrong(e.getMessage());
    }
  }

  private int port(String what, String value) {
    try {
      return ServerAddress.port(value);
    } catch (IllegalArgumentException e) {
      throw wrong("invalid " + what + " '" + value + "': " + e.getMessage());
    }
  }

  private InetAddress host(String value) {
    try {
      return ServerAddress.host(value);
    } catch (IllegalArgumentException e) {
      throw wrong("invalid server IP '" + value + "': " + e.getMessage());
    }
  }

  private ParameterException wrong(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
