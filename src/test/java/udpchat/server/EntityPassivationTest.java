package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import udpchat.config.ChatSettings;
import udpchat.metrics.ServerMetrics;
import udpchat.protocol.StoredMessage;

/**
 * A client's entity that has had nothing to do for {@code entity-idle} asks its host to passivate
 * it, stops, and comes back from its journal on its next message; what arrives for it while it
 * stops waits in the host (Cluster Sharding's contract, kept by {@link LocalEntities}). Virtual
 * time: the idle timer fires when the test says so.
 */
class EntityPassivationTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load()));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final Duration IDLE = Duration.ofMinutes(2);

  private final TestProbe<Directory.Command> directory = testKit.createTestProbe();
  private final TestProbe<Gateway.Command> gateway = testKit.createTestProbe();
  /** Where the entities send their passivation, to be passed on to the host by the test. */
  private final TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
  /** The host's own passivation ref, once for each incarnation it starts. */
  private final TestProbe<ActorRef<ClusterSharding.ShardCommand>> started =
      testKit.createTestProbe();

  /** A host of entities that passivate after {@code idle}. */
  private ActorRef<ShardingEnvelope<ClientProtocol.Command>> host(Duration idle) {
    ServerSettings settings = ServerSettings.of(ChatSettings.defaults().withEntityIdle(idle),
        RegistryJournal.fresh(), ServerMetrics.inMemory());
    return testKit.spawn(LocalEntities.<ClientProtocol.Command>create((name, hostShard, entities) -> {
      started.ref().tell(hostShard);
      return ClientEntity.create(name, shard.ref(), new ClientProtocol.Wiring(
          settings, directory.ref(), gateway.ref(), entities));
    }, ClientProtocol.Stop.INSTANCE));
  }

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void anIdleEntityStopsAndComesBackWithItsStateAndWhatWasSentWhileItStopped() {
    ActorRef<ShardingEnvelope<ClientProtocol.Command>> host = host(IDLE);
    StoredMessage first = StoredMessage.direct("x", "23:31:00", "before the stop");
    StoredMessage during = StoredMessage.direct("x", "23:32:00", "while it stops");
    TestProbe<ClientProtocol.StoreReply> stored = testKit.createTestProbe();
    host.tell(new ShardingEnvelope<>("y", new ClientProtocol.Store(first, false, stored.ref())));
    assertEquals(new ClientProtocol.Stored("y"), stored.receiveMessage());
    ActorRef<ClusterSharding.ShardCommand> hostShard = started.receiveMessage();

    manualTime.timePasses(IDLE.minusSeconds(1));
    shard.expectNoMessage(Duration.ofMillis(100));
    manualTime.timePasses(Duration.ofSeconds(1));
    ClusterSharding.Passivate<?> passivate =
        assertInstanceOf(ClusterSharding.Passivate.class, shard.receiveMessage());

    // The host tells it to stop; a message for it comes before it has stopped.
    hostShard.tell(passivate);
    host.tell(new ShardingEnvelope<>("y", new ClientProtocol.Store(during, false, stored.ref())));
    started.receiveMessage(); // a new incarnation, started for that message
    assertEquals(new ClientProtocol.Stored("y"), stored.receiveMessage());

    TestProbe<ClientProtocol.Mailbox> mailbox = testKit.createTestProbe();
    host.tell(new ShardingEnvelope<>("y", new ClientProtocol.GetMailbox(mailbox.ref())));
    assertEquals(new ClientProtocol.Mailbox("y", List.of(first, during)), mailbox.receiveMessage());
    started.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void anEntityAwaitingAnAnswerIsNotPassivatedUntilItHasIt() {
    ActorRef<ShardingEnvelope<ClientProtocol.Command>> host = host(Duration.ofSeconds(2));
    InetSocketAddress at = new InetSocketAddress("127.0.0.1", 3333);
    host.tell(new ShardingEnvelope<>("x", new ClientProtocol.Register(at, 1)));
    // Written, it asks the directory to list it; the directory does not answer in time (5 s).
    assertInstanceOf(Directory.Report.class, directory.receiveMessage());
    manualTime.timePasses(Duration.ofMillis(4500)); // idle twice, but waiting for the directory
    shard.expectNoMessage(Duration.ofMillis(100));
    manualTime.timePasses(Duration.ofMillis(500)); // the directory's answer given up on
    manualTime.timePasses(Duration.ofMillis(1900));
    shard.expectNoMessage(Duration.ofMillis(100));
    manualTime.timePasses(Duration.ofMillis(100)); // idle with nothing under way
    assertInstanceOf(ClusterSharding.Passivate.class, shard.receiveMessage());
  }
}
