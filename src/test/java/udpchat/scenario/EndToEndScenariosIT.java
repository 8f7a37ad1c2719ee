package udpchat.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import udpchat.testing.FreePorts;
import udpchat.testing.TestDirectories;

/**
 * Runner 2: every scenario file end to end, each node a {@code java -jar target/udpchat.jar}
 * process on real UDP (see {@link ProcessDriver}). Runs in {@code mvn verify} (failsafe), after
 * the jar is built. A scenario with a {@code net} step is skipped: only the simulated network can
 * do that. Each scenario gets fresh ports and its own working directory under target/e2e/.
 *
 * <p>Scenarios run {@code -Dudpchat.e2e.parallel=2} at a time (most of a run is waiting for JVMs
 * to start and for timeouts); {@code -Dudpchat.e2e.ack-timeout=400} (ms) sets the nodes'
 * shortened ACK timeout.
 */
class EndToEndScenariosIT {
  private static final Path JAR = Path.of(System.getProperty("udpchat.jar", "target/udpchat.jar"));
  private static final Duration ACK_TIMEOUT =
      Duration.ofMillis(Integer.getInteger("udpchat.e2e.ack-timeout", 400));
  private static final int PARALLEL = Integer.getInteger("udpchat.e2e.parallel", 2);

  /** A finished run, or why the scenario cannot run end to end. */
  private record Outcome(Optional<ScenarioRunner.Result> result, String note) {}

  @TestFactory
  Stream<DynamicTest> scenarios() {
    assertTrue(Files.isRegularFile(JAR), "no " + JAR.toAbsolutePath() + ": run mvn package first");
    List<Scenario> scenarios = ScenarioFiles.selected();
    ExecutorService workers = Executors.newFixedThreadPool(PARALLEL);
    Map<String, CompletableFuture<Outcome>> runs = new LinkedHashMap<>();
    // The biggest first, so the others fill in around it.
    scenarios.stream()
        .sorted(Comparator.comparingInt(EndToEndScenariosIT::processCount).reversed())
        .forEach(
            scenario ->
                runs.put(
                    scenario.name(),
                    CompletableFuture.supplyAsync(() -> endToEnd(scenario), workers)));
    return scenarios.stream()
        .map(scenario -> dynamicTest(scenario.name(), () -> check(runs.get(scenario.name()).join())))
        .onClose(workers::shutdownNow);
  }

  private static void check(Outcome outcome) {
    if (outcome.result().isEmpty()) {
      Assumptions.abort(outcome.note());
    }
    outcome.result().get().assertPassed(outcome.note());
  }

  private static Outcome endToEnd(Scenario scenario) {
    Optional<Step> simulatedOnly = scenario.firstSimulatedOnlyStep();
    if (simulatedOnly.isPresent()) {
      Step step = simulatedOnly.get();
      return new Outcome(
          Optional.empty(),
          "only the in-process runner can do file line " + step.line() + ": " + step.text());
    }
    Map<Integer, Integer> ports = PortRemap.plan(scenario, FreePorts::next);
    Path workDir = TestDirectories.fresh(Path.of("target", "e2e", scenario.name()));
    try (ProcessDriver driver = new ProcessDriver(JAR, workDir, ACK_TIMEOUT)) {
      ScenarioRunner.Result result = ScenarioRunner.run(PortRemap.apply(scenario, ports), driver);
      driver.close(); // every node's log is complete
      ScenarioDiagrams.fromLogs(scenario.name(), workDir.resolve("logs"));
      return new Outcome(
          Optional.of(result), "end to end; ports " + ports + "; logs and stderr in " + workDir);
    }
  }

  private static int processCount(Scenario scenario) {
    return (int)
        scenario.steps().stream()
            .filter(
                step ->
                    step.action() instanceof Action.StartClient
                        || step.action() instanceof Action.StartServer)
            .count();
  }
}
