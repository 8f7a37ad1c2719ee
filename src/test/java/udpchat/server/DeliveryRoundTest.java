package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import udpchat.protocol.Packet;
import udpchat.server.DeliveryRound.Outcome;
import udpchat.server.DeliveryRound.Recipient;
import udpchat.transport.Transport;

/** A round on its own: who gets what, which answers count, and its one line in the log. */
class DeliveryRoundTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load()));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private final TestProbe<Transport.Command> socket =
      testKit.createTestProbe(Transport.Command.class);
  private final TestProbe<Outcome> outcomes = testKit.createTestProbe(Outcome.class);
  /** The round's clock for its log line, moved by hand: 1000 ns a read. */
  private final AtomicLong nanos = new AtomicLong(5_000_000);
  private final Logger roundLog = (Logger) LoggerFactory.getLogger(DeliveryRound.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void captureTheLog() {
    logged.start();
    roundLog.addAppender(logged);
  }

  @AfterEach
  void releaseTheLog() {
    roundLog.detachAppender(logged);
  }

  private static Recipient recipient(String name, long id) {
    return new Recipient(
        name,
        new InetSocketAddress("127.0.0.1", 3000 + (int) id),
        new Packet.DirectMessage(id, "server", "hi " + name),
        "token-" + name);
  }

  private ActorRef<DeliveryRound.Command> start(List<Recipient> recipients, int attempts) {
    return testKit.spawn(
        DeliveryRound.create(
            recipients,
            attempts,
            TIMEOUT,
            socket.ref(),
            outcomes.ref(),
            outcome -> outcome,
            () -> nanos.getAndAdd(1000)));
  }

  private List<Long> sentIds(int count) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Transport.Send send = socket.expectMessageClass(Transport.Send.class);
      ids.add(((Packet.Request) send.packet()).id());
    }
    return ids;
  }

  private List<String> infoLines() {
    return logged.list.stream()
        .filter(event -> event.getLevel() == ch.qos.logback.classic.Level.INFO)
        .map(ILoggingEvent::getFormattedMessage)
        .collect(Collectors.toList());
  }

  @Test
  void everyoneAnswersOnceAndOnlyKnownIdsCount() {
    List<Recipient> recipients = List.of(recipient("a", 1), recipient("b", 2), recipient("c", 3));
    ActorRef<DeliveryRound.Command> round = start(recipients, 1);
    assertEquals(List.of(1L, 2L, 3L), sentIds(3));

    round.tell(new DeliveryRound.Answered(99));
    round.tell(new DeliveryRound.Answered(3));
    round.tell(new DeliveryRound.Answered(3));
    round.tell(new DeliveryRound.Answered(1));
    outcomes.expectNoMessage(Duration.ofMillis(50));
    round.tell(new DeliveryRound.Answered(2));

    assertEquals(new Outcome(recipients, List.of()), outcomes.receiveMessage());
    socket.expectNoMessage(Duration.ofMillis(50));
    // Read once at the first send and once at the end: 1000 ns apart on this clock.
    assertEquals(
        List.of(
            "round over: 3 recipients, 3 answered, 0 did not, last answer 1 us after the first"
                + " send (end nanoTime=5001000)"),
        infoLines());
  }

  @Test
  void onlyTheSilentGetThePacketAgainAndTheTimeoutEndsTheRound() {
    List<Recipient> recipients = List.of(recipient("a", 1), recipient("b", 2), recipient("c", 3));
    ActorRef<DeliveryRound.Command> round = start(recipients, 2);
    assertEquals(List.of(1L, 2L, 3L), sentIds(3));
    round.tell(new DeliveryRound.Answered(2));
    socket.expectNoMessage(Duration.ofMillis(50));

    manualTime.timePasses(TIMEOUT);
    assertEquals(List.of(1L, 3L), sentIds(2));
    round.tell(new DeliveryRound.Answered(3));
    socket.expectNoMessage(Duration.ofMillis(50));
    manualTime.timePasses(TIMEOUT);

    assertEquals(
        new Outcome(List.of(recipients.get(1), recipients.get(2)), List.of(recipients.get(0))),
        outcomes.receiveMessage());
    socket.expectNoMessage(Duration.ofMillis(50));
    assertEquals(
        List.of(
            "round over: 3 recipients, 2 answered, 1 did not, ended by the timeout 1 us after"
                + " the first send (end nanoTime=5001000)"),
        infoLines());
  }

  @Test
  void aLargeRoundCountsEveryAnswer() {
    List<Recipient> recipients = new ArrayList<>();
    for (long id = 1; id <= 5000; id++) {
      recipients.add(recipient("n" + id, id));
    }
    ActorRef<DeliveryRound.Command> round = start(recipients, 1);
    sentIds(recipients.size());
    // In reverse order, each answer twice: the outcome still lists them in snapshot order.
    for (int i = recipients.size() - 1; i >= 0; i--) {
      round.tell(new DeliveryRound.Answered(recipients.get(i).id()));
      round.tell(new DeliveryRound.Answered(recipients.get(i).id()));
    }
    assertEquals(new Outcome(recipients, List.of()), outcomes.receiveMessage());
  }

  @Test
  void anEmptyRoundEndsAtOnce() {
    start(List.of(), 3);
    assertEquals(new Outcome(List.of(), List.of()), outcomes.receiveMessage());
    socket.expectNoMessage(Duration.ofMillis(50));
  }
}
