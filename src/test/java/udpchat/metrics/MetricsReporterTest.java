package udpchat.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The reporter in virtual time: it reads the registry's gauges and writes the summary line. */
class MetricsReporterTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load()));
  private static final ManualTime time = ManualTime.get(testKit.system());
  private static final MetricsSettings SETTINGS =
      new MetricsSettings(0, "127.0.0.1", Duration.ofSeconds(5), Duration.ofMinutes(1));
  private static final RegistryGauges GAUGES = new RegistryGauges(7, 2, 1, 3, 1, 3);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void readsTheGaugesAtOnceAndThenEveryRefresh() {
    ServerMetrics metrics = ServerMetrics.inMemory();
    TestProbe<MetricsReporter.GaugesWanted> registry =
        testKit.createTestProbe(MetricsReporter.GaugesWanted.class);
    testKit.spawn(MetricsReporter.create(metrics, registry.ref(), SETTINGS));

    registry.receiveMessage().replyTo().tell(GAUGES);
    registry.expectNoMessage(Duration.ofMillis(50));
    time.timePasses(Duration.ofSeconds(5));
    registry.receiveMessage().replyTo().tell(GAUGES);

    time.timePasses(Duration.ofSeconds(5));
    registry.receiveMessage();
    assertTrue(metrics.summary().contains("table version 7 (2 online, 1 offline)"),
        metrics.summary());
    assertTrue(metrics.summary().contains("mailboxes 1 (3 messages, largest 3)"),
        metrics.summary());
  }

  @Test
  void logsTheSummaryWithTheGaugesAsTheyAreThen() {
    ServerMetrics metrics = ServerMetrics.inMemory();
    metrics.received("freg");
    metrics.requestAccepted("freg");
    metrics.sent("conf_reg");
    metrics.roundStarted();
    metrics.roundFinished(3, 1);
    metrics.messageStored("group");
    TestProbe<MetricsReporter.GaugesWanted> registry =
        testKit.createTestProbe(MetricsReporter.GaugesWanted.class);

    // A summary not due at the same moment as a refresh, so the order of their timers is known.
    MetricsSettings everyMinuteAndASecond =
        new MetricsSettings(0, "127.0.0.1", Duration.ofSeconds(5), Duration.ofSeconds(61));
    testKit.spawn(MetricsReporter.create(metrics, registry.ref(), everyMinuteAndASecond));
    registry.receiveMessage().replyTo().tell(GAUGES);
    time.timePasses(Duration.ofSeconds(60));
    registry.receiveSeveralMessages(12); // the refreshes, left unanswered
    // The summary asks for the gauges as they are now, and shows them.
    LoggingTestKit.info(
            "metrics since start: datagrams in 1 out 1 rejected 0 rate-limited 0 send-failed 0;"
                + " requests freg 1; refused none; deliveries acked 3 timed-out 1; stored group 1;"
                + " mailboxes 1 (3 messages, largest 3); table version 8 (2 online, 1 offline)")
        .withLoggerName("udpchat.metrics")
        .withOccurrences(1)
        .expect(testKit.system(), () -> {
          time.timePasses(Duration.ofSeconds(1));
          registry.receiveMessage().replyTo().tell(new RegistryGauges(8, 2, 1, 3, 1, 3));
          return null;
        });
    assertEquals(1, metrics.count("udpchat.requests", "freg"));
    assertEquals(0, metrics.count("udpchat.requests", "reg"));
  }
}
