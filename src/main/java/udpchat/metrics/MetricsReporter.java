package udpchat.metrics;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registry's gauges current and writes the summary line: every {@code refresh-every} it
 * asks the registry for its numbers ({@link GaugesWanted}), and every {@code summary-every} it
 * asks again and logs {@link ServerMetrics#summary()} on the {@code udpchat.metrics} logger with
 * the numbers of that answer. A child of the registry, so it lives exactly as long as the server.
 */
public final class MetricsReporter {
  /** What the reporter reacts to: its timers and the registry's answers. */
  public sealed interface Command {}

  /** Asked of the registry: reply with the gauges as they are now. */
  public record GaugesWanted(ActorRef<RegistryGauges> replyTo) {}

  private record Reported(RegistryGauges gauges) implements Command {}

  private enum Refresh implements Command {
    INSTANCE
  }

  private enum Summarize implements Command {
    INSTANCE
  }

  private static final Logger SUMMARY = LoggerFactory.getLogger("udpchat.metrics");

  private final ServerMetrics metrics;
  private final ActorRef<GaugesWanted> registry;
  private final ActorRef<RegistryGauges> answers;

  public static Behavior<Command> create(
      ServerMetrics metrics, ActorRef<GaugesWanted> registry, MetricsSettings settings) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(Refresh.INSTANCE, settings.refreshEvery());
                  timers.startTimerWithFixedDelay(Summarize.INSTANCE, settings.summaryEvery());
                  return new MetricsReporter(context, metrics, registry).refreshing();
                }));
  }

  private MetricsReporter(
      ActorContext<Command> context, ServerMetrics metrics, ActorRef<GaugesWanted> registry) {
    this.metrics = metrics;
    this.registry = registry;
    this.answers = context.messageAdapter(RegistryGauges.class, Reported::new);
    // The gauges are right from the start, not only after the first refresh.
    registry.tell(new GaugesWanted(answers));
  }

  /** Between summaries: keeps the gauges current. */
  private Behavior<Command> refreshing() {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Refresh.INSTANCE, this::askRegistry)
        .onMessage(Reported.class, this::onReported)
        .onMessageEquals(Summarize.INSTANCE, this::onSummarize)
        .build();
  }

  /** A summary is due: it is written with the next numbers the registry reports. */
  private Behavior<Command> summarizing() {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Refresh.INSTANCE, Behaviors::same)
        .onMessage(Reported.class, this::onReportedForSummary)
        .onMessageEquals(Summarize.INSTANCE, Behaviors::same)
        .build();
  }

  private Behavior<Command> askRegistry() {
    registry.tell(new GaugesWanted(answers));
    return Behaviors.same();
  }

  private Behavior<Command> onReported(Reported reported) {
    metrics.update(reported.gauges());
    return Behaviors.same();
  }

  private Behavior<Command> onSummarize() {
    askRegistry();
    return summarizing();
  }

  private Behavior<Command> onReportedForSummary(Reported reported) {
    metrics.update(reported.gauges());
    SUMMARY.info("metrics since start: {}", metrics.summary());
    return refreshing();
  }
}
