package udpchat.scenario;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one scenario on a driver: performs each step, waits until the lines the step expects have
 * been printed, and at the end compares every node's transcript with the expected one.
 */
public final class ScenarioRunner {
  /** The outcome of a run; {@code stalled} says which step's lines never came, if one did not. */
  public record Result(
      Scenario scenario,
      Map<String, List<String>> actual,
      Optional<String> stalled,
      TranscriptDiff diff) {
    public boolean passed() {
      return stalled.isEmpty() && diff.matches();
    }

    /** Throws an AssertionError with the side-by-side report unless the run passed. */
    public void assertPassed(String runner) {
      if (!passed()) {
        throw new AssertionError(failureReport(runner));
      }
    }

    public String failureReport(String runner) {
      StringBuilder report = new StringBuilder();
      report.append("Scenario ").append(scenario.name()).append(" failed (").append(runner).append(")\n");
      stalled.ifPresent(why -> report.append(why).append('\n'));
      report.append(diff.summary()).append("\n\n").append(diff.report());
      return report.toString();
    }
  }

  private ScenarioRunner() {}

  public static Result run(Scenario scenario, ScenarioDriver driver) {
    Optional<String> stalled = Optional.empty();
    for (int i = 0; i < scenario.steps().size(); i++) {
      Step step = scenario.steps().get(i);
      perform(step.action(), scenario, driver);
      Map<String, Integer> counts = scenario.countsThrough(i);
      if (!driver.awaitLines(counts)) {
        stalled = Optional.of(stallNote(step, counts, driver.transcripts()));
        break;
      }
    }
    if (stalled.isEmpty()) {
      driver.settle();
    }
    Map<String, List<String>> actual = driver.transcripts().snapshot();
    return new Result(
        scenario, actual, stalled, TranscriptDiff.compare(scenario.expectedByNode(), actual));
  }

  private static void perform(Action action, Scenario scenario, ScenarioDriver driver) {
    if (action instanceof Action.StartServer start) {
      driver.startServer(start.port());
    } else if (action instanceof Action.StartClient start) {
      driver.startClient(start.node(), start.chatName(), start.port(), start.serverPort());
    } else if (action instanceof Action.Type type) {
      driver.type(type.node(), type.line());
    } else if (action instanceof Action.CloseInput close) {
      driver.closeInput(close.node());
    } else if (action instanceof Action.Kill kill) {
      driver.kill(kill.node());
    } else if (action instanceof Action.StopServer) {
      driver.stopServer();
    } else if (action instanceof Action.Wait wait) {
      driver.pass(wait.amount());
    } else if (action instanceof Action.Inject inject) {
      driver.inject(inject.node(), scenario.ports().get(inject.node()), inject.bytes());
    } else if (action instanceof Action.Net net) {
      driver.net(net.change(), scenario.ports());
    }
  }

  private static String stallNote(Step step, Map<String, Integer> counts, Transcripts transcripts) {
    Map<String, List<String>> printed = transcripts.snapshot();
    StringBuilder note =
        new StringBuilder("Stalled after the step at file line ")
            .append(step.line())
            .append(" (")
            .append(step.text())
            .append("): still waiting for");
    counts.forEach(
        (node, count) -> {
          int has = printed.getOrDefault(node, List.of()).size();
          if (has < count) {
            note.append(' ').append(node).append(" (").append(has).append(" of ").append(count).append(" lines)");
          }
        });
    return note.toString();
  }
}
