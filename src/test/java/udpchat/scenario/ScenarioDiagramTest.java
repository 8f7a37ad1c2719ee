package udpchat.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import udpchat.diagram.DiagramOutputTest;
import udpchat.diagram.Flow;
import udpchat.diagram.Flow.Arrow;
import udpchat.diagram.Flow.Fate;

/**
 * The diagrams the in-process runner draws: pairing on the simulated network, where datagrams are
 * lost, duplicated and sent again, and the SVG of the seed's test case 1.
 */
class ScenarioDiagramTest {
  @Test
  void aLostRequestItsRetryAndADuplicateAnswerAreDrawnAsSuch() {
    Scenario scenario = ScenarioParser.parse("drawn-loss", List.of(
        "start server 5000",
        "    server | >>> [Server listening on port 5000.]",
        "net drop 1 freg from x to server",
        "net duplicate 1 conf_reg from server to x",
        "start client x 3333",
        "    x      | >>> [Welcome, You are registered.]",
        "    server | >>> [Client table updated.]",
        "    server | {'x': ('x', '127.0.0.1', 3333, True)}"));
    Flow flow = drawn(scenario);

    assertEquals(List.of("server", "x"), flow.lifelines());
    List<String> arrows = flow.steps().stream()
        .filter(Arrow.class::isInstance).map(Arrow.class::cast)
        .map(a -> a.from() + ">" + a.to() + " " + a.type() + " " + a.attempt() + " " + a.fate())
        .toList();
    assertEquals(List.of(
        "x>server freg 1 LOST",
        "x>server freg 2 DELIVERED",
        "server>x conf_reg 1 DELIVERED",
        "server>x conf_reg 1 DUPLICATE"), arrows);
  }

  @Test
  void theSeedsFirstTestCaseDrawsOneLifelinePerNodeAndEveryDatagram() throws Exception {
    Scenario seed1 = ScenarioFiles.all().stream()
        .filter(s -> s.name().startsWith("seed-1-")).findFirst().orElseThrow();
    Flow flow = drawn(seed1);

    assertEquals(List.of("server", "x", "y", "z"), flow.lifelines());
    // 3 registrations (freg, conf_reg), 6 direct messages and their ACKs, dereg and reg with
    // their ACKs, 2 offline messages stored (to_offline, ack), the mailbox and its ACK, 2
    // receipts and their ACKs, one table_sync and the table updates: every datagram once.
    assertEquals(42, flow.arrowCount());
    assertEquals(0, flow.steps().stream().filter(Arrow.class::isInstance).map(Arrow.class::cast)
        .filter(a -> a.fate() != Fate.DELIVERED).count(), "nothing is lost on a clean network");
    Document svg = DiagramOutputTest.xml(
        Files.readAllBytes(ScenarioDiagrams.IN_PROCESS.resolve(seed1.name() + ".svg")));
    assertEquals(4, DiagramOutputTest.groups(svg, "participant-lifeline"));
    assertEquals(42, DiagramOutputTest.groups(svg, "message"));
    Path markdown = ScenarioDiagrams.IN_PROCESS.resolve(seed1.name() + ".md");
    assertEquals(42, Files.readAllLines(markdown).stream()
        .filter(line -> line.matches("    p\\d-.*")).count());
  }

  private static Flow drawn(Scenario scenario) {
    try (SimDriver driver = new SimDriver()) {
      ScenarioRunner.run(scenario, driver).assertPassed("in-process");
      return ScenarioDiagrams.write(ScenarioDiagrams.IN_PROCESS, scenario.name(), driver.trace());
    }
  }
}
