package udpchat.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.Assertions;

/**
 * An actor system as a cluster node sees it: the cluster provider on a free loopback port, Java
 * serialization off (a message that crosses nodes must have a serializer bound to it), and the
 * tests' settings (udpchat.conf's bindings among them).
 */
final class OneNodeCluster {

  private OneNodeCluster() {}

  /** {@code extra} (HOCON) above the cluster node's settings. */
  static ActorTestKit testKit(String extra) {
    Config config = ConfigFactory.parseString(extra).withFallback(ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.actor.allow-java-serialization = off
        pekko.remote.artery.canonical.hostname = "127.0.0.1"
        pekko.remote.artery.canonical.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        """)).withFallback(ConfigFactory.load());
    return ActorTestKit.create(config);
  }

  /** Joins the node to itself and waits until it is up. */
  static void join(ActorTestKit testKit) {
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    TestProbe<Object> up = testKit.createTestProbe();
    up.awaitAssert(Duration.ofSeconds(20), () -> {
      Assertions.assertEquals(MemberStatus.up(), cluster.selfMember().status());
      return null;
    });
  }
}
