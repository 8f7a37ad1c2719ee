package udpchat.scenario;

import java.time.Duration;
import java.util.Map;

/**
 * Performs a scenario's steps on real or simulated nodes, and records what they print. The
 * in-process runner and the end-to-end runner each implement it; {@link ScenarioRunner} drives
 * either through the same files.
 */
public interface ScenarioDriver extends AutoCloseable {
  void startServer(int port);

  void startClient(String node, String chatName, int port, int serverPort);

  void type(String node, String line);

  void closeInput(String node);

  void kill(String node);

  void stopServer();

  void pass(Duration amount);

  void inject(String node, int port, byte[] bytes);

  /** Only the simulated network can do this; {@code ports} gives each node's port. */
  void net(NetChange change, Map<String, Integer> ports);

  /**
   * Lets the run go on until every node in {@code counts} has printed at least that many lines;
   * false if that did not happen within the driver's patience.
   */
  boolean awaitLines(Map<String, Integer> counts);

  /** Lets the run go on a while after the last step, so lines nobody expected show up too. */
  void settle();

  /** What every node has printed so far. */
  Transcripts transcripts();

  @Override
  void close();
}
