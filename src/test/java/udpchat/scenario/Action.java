package udpchat.scenario;

import java.time.Duration;

/** What one step of a scenario does. Node names are as the scenario file writes them. */
public sealed interface Action {
  /** {@code start server <port>} */
  record StartServer(int port) implements Action {}

  /** {@code start client <node> <port> [named <name>] [server <port>]} */
  record StartClient(String node, String chatName, int port, int serverPort) implements Action {}

  /** {@code <node>: <line>}: a person types a line on a client. */
  record Type(String node, String line) implements Action {}

  /** {@code close <node>}: end of a client's input (Ctrl-D, a closed pipe). */
  record CloseInput(String node) implements Action {}

  /** {@code kill <node>}: the process dies without a word (a silent leave). */
  record Kill(String node) implements Action {}

  /** {@code stop server}: the server is asked to stop (SIGTERM). */
  record StopServer() implements Action {}

  /** {@code wait <duration>}: time passes. */
  record Wait(Duration amount) implements Action {}

  /** {@code inject <node> [repeat <n>] <text>}: raw bytes arrive at a node from an outsider. */
  record Inject(String node, byte[] bytes) implements Action {}

  /** {@code net ...}: a fault only the simulated network can make. */
  record Net(NetChange change) implements Action {}
}
