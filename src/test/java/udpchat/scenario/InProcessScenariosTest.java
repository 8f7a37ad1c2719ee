package udpchat.scenario;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runner 1: every scenario file, in-process on the simulated network with virtual time (see
 * {@link SimDriver}). Each scenario is one dynamic test; a second set proves the runs are
 * deterministic.
 */
class InProcessScenariosTest {
  private static final int RUNS = Integer.getInteger("udpchat.determinism.runs", 20);

  @TestFactory
  Stream<DynamicTest> scenarios() {
    return ScenarioFiles.selected().stream()
        .map(scenario -> dynamicTest(scenario.name(), () -> drawn(scenario).assertPassed("in-process")));
  }

  @TestFactory
  Stream<DynamicTest> everyRunOfAScenarioPrintsTheSame() {
    return ScenarioFiles.selected().stream()
        .map(scenario -> dynamicTest(scenario.name() + " x" + RUNS, () -> sameEveryRun(scenario)));
  }

  /** A run that also draws its diagram (target/scenarios/<name>.svg and .md). */
  private static ScenarioRunner.Result drawn(Scenario scenario) {
    try (SimDriver driver = new SimDriver()) {
      ScenarioRunner.Result result = ScenarioRunner.run(scenario, driver);
      ScenarioDiagrams.write(ScenarioDiagrams.IN_PROCESS, scenario.name(), driver.trace());
      return result;
    }
  }

  private static ScenarioRunner.Result run(Scenario scenario) {
    try (SimDriver driver = new SimDriver()) {
      return ScenarioRunner.run(scenario, driver);
    }
  }

  private static void sameEveryRun(Scenario scenario) {
    Map<String, List<String>> first = run(scenario).actual();
    for (int i = 2; i <= RUNS; i++) {
      Map<String, List<String>> again = run(scenario).actual();
      if (!again.equals(first)) {
        throw new AssertionError(
            "Scenario "
                + scenario.name()
                + ": run "
                + i
                + " printed something else than run 1 (left: run 1, right: run "
                + i
                + ")\n"
                + TranscriptDiff.compare(asExpected(first), again).report());
      }
    }
  }

  /** A run's transcript in the shape of expected lines, to show two runs side by side. */
  private static Map<String, List<ExpectedLine>> asExpected(Map<String, List<String>> run) {
    Map<String, List<ExpectedLine>> expected = new LinkedHashMap<>();
    run.forEach(
        (node, lines) ->
            expected.put(node, lines.stream().map(line -> new ExpectedLine(node, line, 0)).toList()));
    return expected;
  }
}
