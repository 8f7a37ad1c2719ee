package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import udpchat.config.ChatSettings;
import udpchat.metrics.ServerMetrics;
import udpchat.protocol.StoredMessage;

/**
 * The same client entity that a single server hosts itself runs under Pekko Cluster Sharding: a
 * one-node cluster, the entity started by the shard region on its first envelope, each name with
 * its own journal and state; idle, it asks its shard to passivate it, and its next envelope starts
 * it again with its state.
 */
class ClusterShardedEntityTest {
  private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString("""
      pekko.actor.provider = cluster
      pekko.remote.artery.canonical.hostname = "127.0.0.1"
      pekko.remote.artery.canonical.port = 0
      pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
      """).withFallback(ConfigFactory.load()));

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aClientEntityRunsUnderClusterSharding() {
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    TestProbe<Directory.Command> directory = testKit.createTestProbe();
    TestProbe<Gateway.Command> gateway = testKit.createTestProbe();
    TestProbe<String> started = testKit.createTestProbe();
    ServerSettings settings = ServerSettings.of(
        ChatSettings.defaults().withEntityIdle(Duration.ofSeconds(1)), RegistryJournal.fresh(),
        ServerMetrics.inMemory());
    ActorRef<ShardingEnvelope<ClientProtocol.Command>> region =
        ClusterSharding.get(testKit.system()).init(Entity.of(ClientEntity.TYPE_KEY,
            entity -> {
              started.ref().tell(entity.getEntityId());
              return ClientEntity.create(entity.getEntityId(), entity.getShard(),
                  new ClientProtocol.Wiring(settings, directory.ref(), gateway.ref(),
                      testKit.system().ignoreRef()));
            }).withStopMessage(ClientProtocol.Stop.INSTANCE));
    TestProbe<Object> up = testKit.createTestProbe();
    up.awaitAssert(Duration.ofSeconds(20), () -> {
      assertEquals(MemberStatus.up(), cluster.selfMember().status());
      return null;
    });

    TestProbe<ClientProtocol.StoreReply> stored = testKit.createTestProbe();
    StoredMessage forY = StoredMessage.direct("x", "23:31:00", "hi y");
    StoredMessage forZ = StoredMessage.group("x", "23:31:05", "hi all");
    region.tell(new ShardingEnvelope<>("y", new ClientProtocol.Store(forY, false, stored.ref())));
    region.tell(new ShardingEnvelope<>("z", new ClientProtocol.Store(forZ, false, stored.ref())));
    List<ClientProtocol.StoreReply> replies = List.of(
        stored.receiveMessage(Duration.ofSeconds(20)), stored.receiveMessage(Duration.ofSeconds(5)));
    assertEquals(List.of("y", "z"),
        replies.stream().map(ClientProtocol.StoreReply::client).sorted().toList());

    TestProbe<ClientProtocol.Mailbox> mailbox = testKit.createTestProbe();
    region.tell(new ShardingEnvelope<>("y", new ClientProtocol.GetMailbox(mailbox.ref())));
    assertEquals(new ClientProtocol.Mailbox("y", List.of(forY)), mailbox.receiveMessage());
    region.tell(new ShardingEnvelope<>("z", new ClientProtocol.GetMailbox(mailbox.ref())));
    assertEquals(new ClientProtocol.Mailbox("z", List.of(forZ)), mailbox.receiveMessage());
    assertEquals(List.of("y", "z"), List.of(started.receiveMessage(), started.receiveMessage())
        .stream().sorted().toList());

    // Idle for a second, y's entity is passivated; its next envelope starts it from its journal.
    started.expectNoMessage(Duration.ofMillis(1500));
    region.tell(new ShardingEnvelope<>("y", new ClientProtocol.GetMailbox(mailbox.ref())));
    assertEquals("y", started.receiveMessage(Duration.ofSeconds(10)));
    assertEquals(new ClientProtocol.Mailbox("y", List.of(forY)), mailbox.receiveMessage());
  }
}
