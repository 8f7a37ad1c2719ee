package udpchat.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runner 2: every scenario file end to end, each node a {@code java -jar target/udpchat.jar}
 * process on real UDP (see {@link ProcessDriver}). Runs in {@code mvn verify} (failsafe), after
 * the jar is built. A scenario with a {@code net} step is skipped: only the simulated network can
 * do that. Each scenario gets fresh ports and its own working directory under target/e2e/.
 *
 * <p>{@code -Dudpchat.e2e.ack-timeout=400} (ms) sets the nodes' shortened ACK timeout.
 */
class EndToEndScenariosIT {
  private static final Path JAR = Path.of(System.getProperty("udpchat.jar", "target/udpchat.jar"));
  private static final Duration ACK_TIMEOUT =
      Duration.ofMillis(Integer.getInteger("udpchat.e2e.ack-timeout", 400));

  @TestFactory
  Stream<DynamicTest> scenarios() {
    assertTrue(Files.isRegularFile(JAR), "no " + JAR.toAbsolutePath() + ": run mvn package first");
    return ScenarioFiles.selected().stream()
        .map(scenario -> dynamicTest(scenario.name(), () -> endToEnd(scenario)));
  }

  private static void endToEnd(Scenario scenario) throws IOException {
    scenario
        .firstSimulatedOnlyStep()
        .ifPresent(
            step ->
                Assumptions.abort(
                    "only the in-process runner can do file line " + step.line() + ": " + step.text()));
    Map<Integer, Integer> ports = PortRemap.plan(scenario, FreePorts::next);
    Scenario local = PortRemap.apply(scenario, ports);
    Path workDir = freshDirectory(Path.of("target", "e2e", scenario.name()));
    try (ProcessDriver driver = new ProcessDriver(JAR, workDir, ACK_TIMEOUT)) {
      ScenarioRunner.run(local, driver)
          .assertPassed("end to end; ports " + ports + "; logs and stderr in " + workDir);
    }
  }

  private static Path freshDirectory(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> old = Files.walk(dir)) {
        old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
    return Files.createDirectories(dir);
  }
}
