package udpchat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import udpchat.config.ConfigLoader;

/** What the settings make of a server node: alone by default, a cluster member with seeds. */
class ClusterSettingsTest {

  private static ClusterSettings settings(Map<String, Object> overrides) {
    return ClusterSettings.from(ConfigFactory.parseMap(overrides)
        .withFallback(ConfigLoader.builtIn()));
  }

  @Test
  void withoutSeedNodesAServerIsASingleNodeWithNoClusterPort() {
    ClusterSettings alone = settings(Map.of());
    assertFalse(alone.enabled());
    Config pekko = ConfigLoader.builtIn();
    assertEquals("local", pekko.getString("pekko.actor.provider"));
  }

  @Test
  void seedNodesMakeItAClusterMemberWithKeepMajorityDowning() {
    ClusterSettings member = settings(Map.of(
        "udpchat.cluster.port", 2552,
        "udpchat.cluster.seed-nodes", List.of("127.0.0.1:2551", "127.0.0.1:2552")));
    assertTrue(member.enabled());
    Config pekko = member.pekkoConfig().withFallback(ConfigLoader.builtIn()).resolve();
    assertEquals("cluster", pekko.getString("pekko.actor.provider"));
    assertEquals(2552, pekko.getInt("pekko.remote.artery.canonical.port"));
    assertEquals(List.of("pekko://udpchat@127.0.0.1:2551", "pekko://udpchat@127.0.0.1:2552"),
        pekko.getStringList("pekko.cluster.seed-nodes"));
    assertEquals("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
        pekko.getString("pekko.cluster.downing-provider-class"));
    assertEquals("keep-majority",
        pekko.getString("pekko.cluster.split-brain-resolver.active-strategy"));
  }

  @Test
  void aSeedThatIsNotHostAndPortIsRefusedWithTheSetting() {
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () ->
        settings(Map.of("udpchat.cluster.seed-nodes", List.of("127.0.0.1"))));
    assertEquals("udpchat.cluster.seed-nodes: '127.0.0.1' is not host:port with a port from"
        + " 1024 to 65535", wrong.getMessage());
  }
}
