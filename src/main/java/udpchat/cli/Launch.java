package udpchat.cli;

import udpchat.client.ClientOptions;

/** What the command line asked for, already checked: a server or a client, and its options. */
public sealed interface Launch {
  /** The node's name in its log lines and log file name. */
  String nodeName();

  /** Mirror the packet trace to stderr. */
  boolean trace();

  record Server(int port, boolean trace) implements Launch {
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
