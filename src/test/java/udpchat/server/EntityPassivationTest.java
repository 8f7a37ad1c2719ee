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

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void anIdleEntityStopsAndComesBackWithItsStateAndWhatWasSentWhileItStopped() {
    EntitiesUnderTest entities = new EntitiesUnderTest(testKit, IDLE);
    ActorRef<ShardingEnvelope<ClientProtocol.Command>> host = entities.entities;
    StoredMessage first = StoredMessage.direct("x", "23:31:00", "before the stop");
    StoredMessage during = StoredMessage.direct("x", "23:32:00", "while it stops");
    TestProbe<ClientProtocol.StoreReply> stored = testKit.createTestProbe();
    host.tell(new ShardingEnvelope<>("y", new ClientProtocol.Store(first, false, stored.ref())));
    assertEquals(new ClientProtocol.Stored("y"), stored.receiveMessage());
    ActorRef<ClusterSharding.ShardCommand> hostShard = entities.started.receiveMessage();

    manualTime.timePasses(IDLE.minusSeconds(1));
    entities.shard.expectNoMessage(Duration.ofMillis(100));
    manualTime.timePasses(Duration.ofSeconds(1));
    ClusterSharding.Passivate<?> passivate =
        assertInstanceOf(ClusterSharding.Passivate.class, entities.shard.receiveMessage());

    // The host tells it to stop; a message for it comes before it has stopped.
    hostShard.tell(passivate);
    host.tell(new ShardingEnvelope<>("y", new ClientProtocol.Store(during, false, stored.ref())));
    entities.started.receiveMessage(); // a new incarnation, started for that message
    assertEquals(new ClientProtocol.Stored("y"), stored.receiveMessage());

    TestProbe<ClientProtocol.Mailbox> mailbox = testKit.createTestProbe();
    host.tell(new ShardingEnvelope<>("y", new ClientProtocol.GetMailbox(mailbox.ref())));
    assertEquals(new ClientProtocol.Mailbox("y", List.of(first, during)), mailbox.receiveMessage());
    entities.started.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void anEntityAwaitingAnAnswerIsNotPassivatedUntilItHasIt() {
    EntitiesUnderTest entities = new EntitiesUnderTest(testKit, Duration.ofSeconds(2));
    ActorRef<ShardingEnvelope<ClientProtocol.Command>> host = entities.entities;
    InetSocketAddress at = new InetSocketAddress("127.0.0.1", 3333);
    host.tell(new ShardingEnvelope<>("x", new ClientProtocol.Register(at, 1)));
    // Written, it asks the directory to list it; the directory does not answer in time (5 s).
    assertInstanceOf(Directory.Report.class, entities.directory.receiveMessage());
    manualTime.timePasses(Duration.ofMillis(4500)); // idle twice, but waiting for the directory
    entities.shard.expectNoMessage(Duration.ofMillis(100));
    manualTime.timePasses(Duration.ofMillis(500)); // the directory's answer given up on
    manualTime.timePasses(Duration.ofMillis(1900));
    entities.shard.expectNoMessage(Duration.ofMillis(100));
    manualTime.timePasses(Duration.ofMillis(100)); // idle with nothing under way
    assertInstanceOf(ClusterSharding.Passivate.class, entities.shard.receiveMessage());
  }
}
