package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import udpchat.config.ChatLimits;
import udpchat.config.ChatSettings;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.Packet;
import udpchat.protocol.StoredMessage;
import udpchat.testing.ErrorLog;
import udpchat.testing.FuzzStep;
import udpchat.testing.FuzzTries;
import udpchat.testing.FuzzTries.DatagramsPerTry;

/**
 * A live registry against generated datagrams (issue 5.4): garbage, mutated packets, every packet
 * type with right, missing and wrong tokens, from the right address and from others, repeats,
 * answers to its own packets, and time passing. Nothing may escape the actor, and what it keeps
 * must stay sound: only registered names in the table and the mailboxes, no message stored more
 * often than it was sent, every limit kept, every wait ended.
 */
@AddLifecycleHook(FuzzTries.class)
class RegistryFuzzTest {
  private static final int STEPS = 50;
  /** A short ACK timeout, so rounds time out during a run; small limits, so a run reaches them. */
  private static final ChatSettings SETTINGS =
      new ChatSettings(
          Duration.ofMillis(10), 2, 1, 16384, 4096, "0.0.0.0", new ChatLimits(1000, 4, 6));

  private static ActorTestKit testKit;
  private static ErrorLog errors;

  @BeforeContainer
  static void start() {
    testKit = ActorTestKit.create(ConfigFactory.load());
    errors = ErrorLog.watch();
  }

  @AfterContainer
  static void stop() {
    errors.close();
    testKit.shutdownTestKit();
  }

  @Property
  @DatagramsPerTry(STEPS)
  void noDatagramBreaksTheRegistryOrWhatItKeeps(@ForAll("runs") List<FuzzStep> steps) {
    RegistryFuzzHarness run = new RegistryFuzzHarness(testKit, SETTINGS);
    errors.clear();
    try {
      run.registerFirst(4);
      steps.forEach(run::run);
      RegistrySnapshot snapshot = run.settled();
      assertEquals(0, snapshot.awaiting(), "every packet the server waited on was settled");
      checkTable(snapshot);
      checkMailboxes(snapshot, run);
      assertEquals(List.of(), errors.errors(), "nothing logged at ERROR");
      collectStatistics(run, snapshot);
    } finally {
      run.stop();
    }
  }

  @Provide
  Arbitrary<List<FuzzStep>> runs() {
    return FuzzStep.steps(RegistryFuzzHarness.Kind.values().length).list().ofSize(STEPS);
  }

  private static void checkTable(RegistrySnapshot snapshot) {
    Set<String> names = snapshot.table().entries().keySet();
    assertTrue(names.size() <= SETTINGS.limits().maxClients(), "table size " + names.size());
    assertEquals(names, snapshot.sessions(), "every name, and only those, has a session");
    Map<String, Long> onlinePerSocket =
        snapshot.table().entries().values().stream()
            .filter(ClientEntry::online)
            .collect(Collectors.groupingBy(e -> e.ip() + ":" + e.port(), Collectors.counting()));
    onlinePerSocket.forEach(
        (socket, count) -> assertEquals(1L, count, "clients online at " + socket));
  }

  private static void checkMailboxes(RegistrySnapshot snapshot, RegistryFuzzHarness run) {
    Set<String> names = snapshot.table().entries().keySet();
    ChatLimits limits = SETTINGS.limits();
    snapshot
        .mailboxes()
        .forEach(
            (owner, messages) -> {
              assertTrue(names.contains(owner), "a mailbox for unregistered " + owner);
              assertTrue(messages.size() <= limits.maxStoredMessages(), owner + ": " + messages);
              for (StoredMessage message : messages) {
                assertTrue(
                    message.isReceipt() || names.contains(message.from()), message.toString());
                assertFalse(limits.isTooLong(message.message()), "stored over the limit");
              }
              Map<StoredMessage, Long> copies =
                  messages.stream()
                      .collect(Collectors.groupingBy(RegistryFuzzTest::withoutId, HashMap::new,
                          Collectors.counting()));
              copies.forEach(
                  (message, count) -> {
                    int sent = timesSent(message, owner, run);
                    assertTrue(
                        count <= sent,
                        owner + " holds " + count + " copies of " + message + ", sent " + sent);
                  });
            });
  }

  /** What the runs reached, in the property's report. */
  private static void collectStatistics(RegistryFuzzHarness run, RegistrySnapshot snapshot) {
    Statistics.label("datagrams that decoded").collect(bucket(run.decoded()));
    Statistics.label("registered names at the end").collect(snapshot.table().size());
    int stored = snapshot.mailboxes().values().stream().mapToInt(List::size).sum();
    Statistics.label("messages stored at the end").collect(bucket(stored));
    boolean full =
        snapshot.mailboxes().values().stream()
            .anyMatch(m -> m.size() == SETTINGS.limits().maxStoredMessages());
    Statistics.label("a mailbox full at the end").collect(full);
  }

  private static String bucket(int n) {
    return n == 0 ? "0" : n < 5 ? "1-4" : n < 20 ? "5-19" : n < 40 ? "20-39" : "40+";
  }

  /**
   * The entry as a person sees it: the id only tells the client it may have shown it already (a
   * receipt gets one of its own), so copies with different ids are still copies.
   */
  private static StoredMessage withoutId(StoredMessage message) {
    return new StoredMessage(message.from(), message.time(), message.message(), message.group());
  }

  /** How many distinct requests (source, id) could have put {@code message} in the mailbox. */
  private static int timesSent(StoredMessage message, String owner, RegistryFuzzHarness run) {
    if (message.isReceipt()) {
      return run.distinctRequests(
              p -> p instanceof Packet.ToOffline t
                  && t.nameFrom().equals(owner)
                  && StoredMessage.receipt(t.nameTo(), t.timestamp()).equals(withoutId(message)))
          .size();
    }
    if (message.group()) {
      return run.distinctRequests(
              p -> p instanceof Packet.GroupChat g
                  && g.name().equals(message.from())
                  && g.message().equals(message.message()))
          .size();
    }
    return run.distinctRequests(
            p -> p instanceof Packet.ToOffline t
                && t.nameFrom().equals(message.from())
                && t.nameTo().equals(owner)
                && t.timestamp().equals(message.time())
                && t.message().equals(message.message()))
        .size();
  }

}
