package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import udpchat.config.ChatSettings;
import udpchat.metrics.ServerMetrics;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.Packet;
import udpchat.protocol.StoredMessage;

/**
 * The same client entity that a single server hosts itself runs under Pekko Cluster Sharding: a
 * one-node cluster, the entity started by the shard region on its first envelope, each name with
 * its own journal and state; idle, it asks its shard to passivate it, and its next envelope starts
 * it again with its state. Every message is serialized and read back on its way, as if it
 * crossed nodes (Pekko's own and those marked local excepted).
 */
class ClusterShardedEntityTest {
  private static final ActorTestKit testKit =
      OneNodeCluster.testKit("pekko.actor.serialize-messages = on");
  private static final Duration START = Duration.ofSeconds(20);

  private static TestProbe<Directory.Command> directory;
  private static TestProbe<Gateway.Command> gateway;
  private static TestProbe<String> started;
  private static ActorRef<ShardingEnvelope<ClientProtocol.Command>> region;

  @BeforeAll
  static void startRegion() {
    directory = testKit.createTestProbe();
    gateway = testKit.createTestProbe();
    started = testKit.createTestProbe();
    ServerSettings settings = ServerSettings.of(
        ChatSettings.defaults().withEntityIdle(Duration.ofSeconds(1)), RegistryJournal.fresh(),
        ServerMetrics.inMemory());
    region = ClusterSharding.get(testKit.system()).init(Entity.of(ClientEntity.TYPE_KEY,
        entity -> {
          started.ref().tell(entity.getEntityId());
          return ClientEntity.create(entity.getEntityId(), entity.getShard(),
              new ClientProtocol.Wiring(settings, directory.ref(), gateway.ref(),
                  testKit.system().ignoreRef()));
        }).withStopMessage(ClientProtocol.Stop.INSTANCE));
    OneNodeCluster.join(testKit);
  }

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aClientEntityRunsUnderClusterSharding() {
    TestProbe<ClientProtocol.StoreReply> stored = testKit.createTestProbe();
    StoredMessage forY = StoredMessage.direct("x", "23:31:00", "hi y");
    StoredMessage forZ = StoredMessage.group("x", "23:31:05", "hi all");
    region.tell(new ShardingEnvelope<>("y", new ClientProtocol.Store(forY, false, stored.ref())));
    region.tell(new ShardingEnvelope<>("z", new ClientProtocol.Store(forZ, false, stored.ref())));
    List<ClientProtocol.StoreReply> replies = List.of(
        stored.receiveMessage(START), stored.receiveMessage(Duration.ofSeconds(5)));
    assertEquals(List.of("y", "z"),
        replies.stream().map(ClientProtocol.StoreReply::client).sorted().toList());

    TestProbe<ClientProtocol.Mailbox> mailbox = testKit.createTestProbe();
    region.tell(new ShardingEnvelope<>("y", new ClientProtocol.GetMailbox(mailbox.ref())));
    assertEquals(new ClientProtocol.Mailbox("y", List.of(forY)), mailbox.receiveMessage());
    region.tell(new ShardingEnvelope<>("z", new ClientProtocol.GetMailbox(mailbox.ref())));
    assertEquals(new ClientProtocol.Mailbox("z", List.of(forZ)), mailbox.receiveMessage());

    // Idle for a second, y's entity is passivated; its next envelope starts it from its journal.
    started.awaitAssert(Duration.ofSeconds(10), () -> {
      started.expectNoMessage(Duration.ofMillis(1500));
      return null;
    });
    region.tell(new ShardingEnvelope<>("y", new ClientProtocol.GetMailbox(mailbox.ref())));
    started.fishForMessage(Duration.ofSeconds(10), id -> id.equals("y")
        ? FishingOutcomes.complete()
        : FishingOutcomes.continueAndIgnore());
    assertEquals(new ClientProtocol.Mailbox("y", List.of(forY)), mailbox.receiveMessage());
  }

  /** A registration asks the directory to list the name; a dereg is answered and reported. */
  @Test
  void aShardedEntityRegistersItsClientAndAnswersIt() {
    InetSocketAddress w = new InetSocketAddress("127.0.0.1", 4100);
    region.tell(new ShardingEnvelope<>("w", new ClientProtocol.Register(w, 1)));
    Directory.Report listing = directory.expectMessageClass(Directory.Report.class, START);
    assertEquals(ClientEntry.at("w", w, true), listing.entry());
    assertEquals(new Gateway.Confirm("w", w, 1, listing.token()), listing.confirm());
    listing.replyTo().tell(new Directory.Listed());

    region.tell(new ShardingEnvelope<>("w", new ClientProtocol.Request(
        new Packet.Dereg(2, "w", listing.token()), w, true)));
    assertEquals(new Gateway.Send(Requests.ack(2), w), gateway.receiveMessage(START));
    Directory.Report offline = directory.expectMessageClass(Directory.Report.class);
    assertEquals(ClientEntry.at("w", w, false), offline.entry());
  }
}
