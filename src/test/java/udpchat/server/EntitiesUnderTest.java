package udpchat.server;

import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import udpchat.config.ChatSettings;
import udpchat.metrics.ServerMetrics;

/**
 * Client entities in a host of their own, as the rest of a server sees them: what they tell the
 * directory and the gateway goes to probes, so a test plays those parts (and any other node's).
 */
final class EntitiesUnderTest {
  final TestProbe<Directory.Command> directory;
  final TestProbe<Gateway.Command> gateway;
  /** Where the entities send their passivation, to be passed on to the host by the test. */
  final TestProbe<ClusterSharding.ShardCommand> shard;
  /** The host's own passivation ref, once for each incarnation it starts. */
  final TestProbe<ActorRef<ClusterSharding.ShardCommand>> started;
  final ActorRef<ShardingEnvelope<ClientProtocol.Command>> entities;

  /** A host of entities that passivate after {@code idle}. */
  EntitiesUnderTest(ActorTestKit testKit, Duration idle) {
    directory = testKit.createTestProbe();
    gateway = testKit.createTestProbe();
    shard = testKit.createTestProbe();
    started = testKit.createTestProbe();
    ServerSettings settings = ServerSettings.of(ChatSettings.defaults().withEntityIdle(idle),
        RegistryJournal.fresh(), ServerMetrics.inMemory());
    entities = testKit.spawn(LocalEntities.<ClientProtocol.Command>create(
        (name, hostShard, host) -> {
          started.ref().tell(hostShard);
          return ClientEntity.create(name, shard.ref(), new ClientProtocol.Wiring(
              settings, directory.ref(), gateway.ref(), host));
        }, ClientProtocol.Stop.INSTANCE));
  }

  void tell(String name, ClientProtocol.Command command) {
    entities.tell(new ShardingEnvelope<>(name, command));
  }
}
