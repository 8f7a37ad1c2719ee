package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import udpchat.config.ChatLimits;
import udpchat.config.ChatSettings;
import udpchat.metrics.ServerMetrics;
import udpchat.protocol.StoredMessage;
import udpchat.server.ClientProtocol.MailboxFull;
import udpchat.server.ClientProtocol.Store;
import udpchat.server.ClientProtocol.StoreReply;
import udpchat.server.ClientProtocol.Stored;

/**
 * The stores for one offline client that come while its entity's write is under way go to the
 * journal together in its next write (group commit), and each sender hears "stored" only once its
 * own message is written; the mailbox limit still counts message by message. The journal's writes
 * end when the test says so, and time is manual, so nothing here depends on timing.
 */
class StoreGroupCommitTest {
  private static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config()
      .withFallback(HeldJournal.config()).withFallback(ConfigFactory.load()));
  private static final Duration NOTHING = Duration.ofMillis(100);
  private static final HeldJournal.Writes journal = HeldJournal.WRITES;

  private final TestProbe<Directory.Command> directory = testKit.createTestProbe();
  private final TestProbe<Gateway.Command> gateway = testKit.createTestProbe();
  private final RegistryJournal ids = RegistryJournal.fresh();

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @AfterEach
  void endWrites() {
    journal.reset();
  }

  private ActorRef<ShardingEnvelope<ClientProtocol.Command>> entities(int mailboxLimit) {
    ServerSettings settings = ServerSettings.of(
        ChatSettings.defaults().withLimits(new ChatLimits(1000, mailboxLimit, 64)), ids,
        ServerMetrics.inMemory());
    return testKit.spawn(LocalEntities.<ClientProtocol.Command>create((name, shard, entities) ->
        ClientEntity.create(name, new ClientProtocol.Wiring(
            settings, directory.ref(), gateway.ref(), entities)), ClientProtocol.Stop.INSTANCE));
  }

  private static StoredMessage message(int i) {
    return StoredMessage.direct("x" + i, "23:31:0" + i, "message " + i);
  }

  private static Store store(int i, ActorRef<StoreReply> replyTo) {
    return new Store(message(i), true, new ClientEvent.SenderRequest("x" + i, 100 + i), replyTo);
  }

  /** {@code i}'s sender, and what it has heard so far. */
  private List<TestProbe<StoreReply>> senders(int count) {
    List<TestProbe<StoreReply>> senders = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      senders.add(testKit.createTestProbe());
    }
    return senders;
  }

  private void awaitHeldWrites(int count) {
    directory.awaitAssert(() -> {
      assertEquals(count, journal.held());
      return null;
    });
  }

  /** Sender 0's store starts y's first write, held; the others' come while it is under way. */
  private void storesDuringTheFirstWrite(
      ActorRef<ShardingEnvelope<ClientProtocol.Command>> host, List<TestProbe<StoreReply>> senders) {
    journal.hold();
    host.tell(new ShardingEnvelope<>("y", store(0, senders.get(0).ref())));
    awaitHeldWrites(1);
    for (int i = 1; i < senders.size(); i++) {
      host.tell(new ShardingEnvelope<>("y", store(i, senders.get(i).ref())));
    }
  }

  private List<StoredMessage> mailbox(ActorRef<ShardingEnvelope<ClientProtocol.Command>> host) {
    TestProbe<ClientProtocol.Mailbox> mailbox = testKit.createTestProbe();
    host.tell(new ShardingEnvelope<>("y", new ClientProtocol.GetMailbox(mailbox.ref())));
    return mailbox.receiveMessage().messages();
  }

  @Test
  void storesThatComeDuringAWriteAreOneWriteAndEachSenderHearsOnlyOnceItsMessageIsWritten() {
    ActorRef<ShardingEnvelope<ClientProtocol.Command>> host = entities(1000);
    List<TestProbe<StoreReply>> senders = senders(5);
    storesDuringTheFirstWrite(host, senders);
    // A repeat of a request held for the next write: answered with it, stored once.
    host.tell(new ShardingEnvelope<>("y", store(3, senders.get(3).ref())));
    senders.forEach(sender -> sender.expectNoMessage(NOTHING));

    journal.release();
    assertEquals(new Stored("y"), senders.get(0).receiveMessage());
    awaitHeldWrites(1);
    senders.forEach(sender -> sender.expectNoMessage(NOTHING));

    journal.release();
    for (int i = 1; i < 5; i++) {
      assertEquals(new Stored("y"), senders.get(i).receiveMessage());
    }
    assertEquals(new Stored("y"), senders.get(3).receiveMessage());
    String y = ids.clientId("y").id();
    assertEquals(List.of(new HeldJournal.Write(y, 1), new HeldJournal.Write(y, 4)),
        journal.of(y));
    assertEquals(List.of(message(0), message(1), message(2), message(3), message(4)),
        mailbox(host));
  }

  @Test
  void aFullMailboxRefusesExactlyTheStoresOverItsLimitAmongThoseWrittenTogether() {
    ActorRef<ShardingEnvelope<ClientProtocol.Command>> host = entities(3);
    List<TestProbe<StoreReply>> senders = senders(5);
    storesDuringTheFirstWrite(host, senders);
    journal.release();
    assertEquals(new Stored("y"), senders.get(0).receiveMessage());
    // Two fit beside the first; the other two are refused at once, before the write.
    assertEquals(new MailboxFull("y"), senders.get(3).receiveMessage());
    assertEquals(new MailboxFull("y"), senders.get(4).receiveMessage());
    awaitHeldWrites(1);
    senders.get(1).expectNoMessage(NOTHING);
    senders.get(2).expectNoMessage(NOTHING);

    journal.release();
    assertEquals(new Stored("y"), senders.get(1).receiveMessage());
    assertEquals(new Stored("y"), senders.get(2).receiveMessage());
    assertEquals(List.of(message(0), message(1), message(2)), mailbox(host));
  }
}
