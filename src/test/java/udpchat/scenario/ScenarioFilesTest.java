package udpchat.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The scenario files themselves: they parse, and the tables they expect are self-consistent. */
class ScenarioFilesTest {
  private static final Pattern TABLE = Pattern.compile("\\{(.*)\\}");
  private static final Pattern ENTRY =
      Pattern.compile("'([^']+)': \\('([^']+)', '127\\.0\\.0\\.1', (\\d+), (True|False)\\)");

  @Test
  void theSeedsSevenCasesAndAtLeastTwelveMoreAreThere() {
    List<String> names = ScenarioFiles.all().stream().map(Scenario::name).toList();
    IntStream.rangeClosed(1, 7)
        .forEach(
            i ->
                assertTrue(
                    names.stream().anyMatch(name -> name.startsWith("seed-" + i + "-")),
                    "seed case " + i));
    assertTrue(names.size() >= 19, names.toString());
  }

  @TestFactory
  Stream<DynamicTest> everyFileIsWellFormed() {
    return ScenarioFiles.all().stream()
        .map(scenario -> dynamicTest(scenario.name(), () -> check(scenario)));
  }

  private static void check(Scenario scenario) {
    assertFalse(scenario.description().isBlank(), "a file says what it shows at the top");
    List<ExpectedLine> server =
        scenario.expectedByNode().getOrDefault(ScenarioParser.SERVER, List.of());
    assertTrue(
        server.get(0).text().startsWith(">>> [Server listening on port "), "the server starts");
    List<String> registered = registrationOrder(scenario);
    for (int i = 0; i < server.size(); i++) {
      ExpectedLine line = server.get(i);
      if (line.text().startsWith("{")) {
        assertEquals(
            ">>> [Client table updated.]",
            server.get(i - 1).text(),
            "line " + line.fileLine() + ": a table follows [Client table updated.]");
        checkTable(scenario, line, registered);
      }
    }
  }

  /** Chat names in the order their clients were first started (refused names never appear). */
  private static List<String> registrationOrder(Scenario scenario) {
    List<String> order = new ArrayList<>();
    for (Step step : scenario.steps()) {
      if (step.action() instanceof Action.StartClient start && !order.contains(start.chatName())) {
        order.add(start.chatName());
      }
    }
    return order;
  }

  private static void checkTable(Scenario scenario, ExpectedLine line, List<String> registered) {
    Matcher table = TABLE.matcher(line.text());
    assertTrue(table.matches(), "line " + line.fileLine() + " is a table");
    Matcher entry = ENTRY.matcher(table.group(1));
    List<String> names = new ArrayList<>();
    int end = 0;
    while (entry.find()) {
      String where = "line " + line.fileLine() + ", entry " + entry.group(1);
      assertEquals(end == 0 ? 0 : end + 2, entry.start(), where + ": entries are \", \"-separated");
      assertEquals(entry.group(1), entry.group(2), where);
      assertEquals(
          scenario.ports().get(entry.group(1)), Integer.valueOf(entry.group(3)), where + ": port");
      names.add(entry.group(1));
      end = entry.end();
    }
    assertEquals(table.group(1).length(), end, "line " + line.fileLine() + ": nothing after the last entry");
    List<String> inOrder = registered.stream().filter(names::contains).toList();
    assertEquals(inOrder, names, "line " + line.fileLine() + ": entries in registration order");
  }
}
