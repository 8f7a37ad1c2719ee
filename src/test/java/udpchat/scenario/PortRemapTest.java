package udpchat.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PortRemapTest {
  @Test
  void movesPortsInStepsAndInPrintedLinesOnly() {
    Scenario scenario =
        ScenarioParser.parse(
            "ports",
            """
            start server 5000
              server | >>> [Server listening on port 5000.]
            start client x 3333
              server | {'x': ('x', '127.0.0.1', 3333, True)}
            start client y 1111 server 6000
            x: send y port 3333 stays in messages
              y | >>> x: port 3333 stays in messages
            """
                .lines()
                .toList());
    AtomicInteger next = new AtomicInteger(21000);
    Map<Integer, Integer> plan = PortRemap.plan(scenario, next::getAndIncrement);
    assertEquals(Map.of(5000, 21000, 3333, 21001, 1111, 21002, 6000, 21003), plan);

    Scenario moved = PortRemap.apply(scenario, plan);
    assertEquals(new Action.StartServer(21000), moved.steps().get(0).action());
    assertEquals(new Action.StartClient("y", "y", 21002, 21003), moved.steps().get(2).action());
    assertEquals(
        List.of(
            ">>> [Server listening on port 21000.]", "{'x': ('x', '127.0.0.1', 21001, True)}"),
        moved.expectedByNode().get("server").stream().map(ExpectedLine::text).toList());
    assertEquals(
        ">>> x: port 3333 stays in messages",
        moved.expectedByNode().get("y").get(0).text());
    assertEquals(Map.of("server", 21000, "x", 21001, "y", 21002), moved.ports());
  }
}
