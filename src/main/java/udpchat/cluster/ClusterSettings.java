package udpchat.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;
import udpchat.protocol.Fields;

/**
 * Whether a server node runs alone or as a member of a Pekko cluster, from {@code udpchat.cluster}:
 * with seed nodes it joins them on its own cluster port; without, it is a single node with no
 * cluster port at all (nothing to configure, nothing listening but its UDP port).
 *
 * @param host the address other nodes reach this node's cluster endpoint at
 * @param port this node's cluster port
 * @param seedNodes "host:port" of the nodes to join first; empty for a single node
 */
public record ClusterSettings(String host, int port, List<String> seedNodes) {
  /** The actor system's name: the same on every node, part of every node's cluster address. */
  public static final String SYSTEM_NAME = "udpchat";

  public ClusterSettings {
    seedNodes = List.copyOf(seedNodes);
    if (!Fields.isValidPort(port)) {
      throw new IllegalArgumentException(
          "udpchat.cluster.port must be a whole number from 1024 to 65535, not " + port);
    }
    for (String seed : seedNodes) {
      checkSeed(seed);
    }
  }

  public static ClusterSettings from(Config config) {
    Config c = config.getConfig("udpchat.cluster");
    return new ClusterSettings(c.getString("host"), c.getInt("port"),
        c.getStringList("seed-nodes"));
  }

  /** A cluster member rather than a single node. */
  public boolean enabled() {
    return !seedNodes.isEmpty();
  }

  /** The seed nodes' cluster addresses, as Pekko names them. */
  public List<String> seedAddresses() {
    List<String> addresses = new ArrayList<>();
    seedNodes.forEach(seed -> addresses.add("pekko://" + SYSTEM_NAME + "@" + seed));
    return addresses;
  }

  /**
   * What makes the actor system a cluster member; the rest of the cluster's settings (Split
   * Brain Resolver, failure detector, sharding) are in udpchat.conf and apply only then.
   */
  public Config pekkoConfig() {
    return ConfigFactory.parseString("pekko.actor.provider = cluster")
        .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host))
        .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port))
        .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seedAddresses()));
  }

  private static void checkSeed(String seed) {
    int colon = seed.lastIndexOf(':');
    boolean valid = colon > 0;
    if (valid) {
      try {
        valid = Fields.isValidPort(Integer.parseInt(seed.substring(colon + 1)));
      } catch (NumberFormatException e) {
        valid = false;
      }
    }
    if (!valid) {
      throw new IllegalArgumentException("udpchat.cluster.seed-nodes: '" + seed
          + "' is not host:port with a port from 1024 to 65535");
    }
  }
}
