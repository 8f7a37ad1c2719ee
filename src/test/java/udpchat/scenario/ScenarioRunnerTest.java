package udpchat.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioRunnerTest {
  /** Nodes that echo what is typed, so the runner's own logic can be tested without real ones. */
  private static final class EchoDriver implements ScenarioDriver {
    final Transcripts transcripts = new Transcripts();
    final List<String> log = new ArrayList<>();

    @Override
    public void startServer(int port) {
      transcripts.console("server").line("[Server listening on port " + port + ".]");
    }

    @Override
    public void startClient(String node, String chatName, int port, int serverPort) {
      log.add("start " + node + " as " + chatName + " on " + port + " to " + serverPort);
      transcripts.console(node).line("[Welcome, You are registered.]");
    }

    @Override
    public void type(String node, String line) {
      if (!line.equals("mute")) {
        transcripts.console(node).line("you typed: " + line);
      }
    }

    @Override
    public void closeInput(String node) {
      transcripts.exited(node, 0);
    }

    @Override
    public void kill(String node) {
      log.add("kill " + node);
    }

    @Override
    public void stopServer() {
      log.add("stop server");
    }

    @Override
    public void pass(Duration amount) {
      log.add("wait " + amount.toMillis());
    }

    @Override
    public void inject(String node, int port, byte[] bytes) {
      log.add("inject " + bytes.length + " bytes into " + node + " at " + port);
    }

    @Override
    public void net(NetChange change, Map<String, Integer> ports) {
      log.add("net " + change);
    }

    @Override
    public boolean awaitLines(Map<String, Integer> counts) {
      return transcripts.reached(counts);
    }

    @Override
    public void settle() {
      log.add("settle");
    }

    @Override
    public Transcripts transcripts() {
      return transcripts;
    }

    @Override
    public void close() {}
  }

  private static Scenario scenario(String text) {
    return ScenarioParser.parse("echo", text.lines().toList());
  }

  @Test
  void performsEveryStepAndPassesWhenTheTranscriptsMatch() {
    EchoDriver driver = new EchoDriver();
    ScenarioRunner.Result result =
        ScenarioRunner.run(
            scenario(
                """
                start server 5000
                  server | >>> [Server listening on port 5000.]
                start client x 3333 named y
                  x | >>> [Welcome, You are registered.]
                x: hello at 23:32:21
                  x | >>> you typed: hello at 23:32:21
                wait 2s
                inject x repeat 2 ab
                kill x
                close x
                  x exits 0
                stop server
                """),
            driver);
    assertTrue(result.passed(), result.failureReport("echo"));
    assertEquals(
        List.of(
            "start x as y on 3333 to 5000",
            "wait 2000",
            "inject 4 bytes into x at 3333",
            "kill x",
            "stop server",
            "settle"),
        driver.log);
  }

  @Test
  void aStepWhoseLinesNeverComeStopsTheRunAndSaysWhere() {
    ScenarioRunner.Result result =
        ScenarioRunner.run(
            scenario(
                """
                start server 5000
                  server | >>> [Server listening on port 5000.]
                start client x 3333
                  x | >>> [Welcome, You are registered.]
                x: mute
                  x | >>> you typed: mute
                x: never reached
                """),
            new EchoDriver());
    assertFalse(result.passed());
    assertEquals(
        "Stalled after the step at file line 5 (x: mute): still waiting for x (1 of 2 lines)",
        result.stalled().orElseThrow());
    AssertionError failure = assertThrows(AssertionError.class, () -> result.assertPassed("echo"));
    assertTrue(
        failure.getMessage().matches("(?s).* >   2  L6    >>> you typed: mute +\\| \\(nothing\\).*"),
        failure.getMessage());
  }

  @Test
  void aDifferentLineFailsWithTheSideBySideReport() {
    ScenarioRunner.Result result =
        ScenarioRunner.run(
            scenario(
                """
                start server 5000
                  server | >>> [Server listening on port 5001.]
                """),
            new EchoDriver());
    assertFalse(result.passed());
    String report = result.failureReport("echo");
    assertTrue(report.startsWith("Scenario echo failed (echo)\nfirst differences: server at line 1"), report);
    assertTrue(
        report.contains(
            " >   1  L2    >>> [Server listening on port 5001.] | >>> [Server listening on port 5000.]"),
        report);
  }
}
