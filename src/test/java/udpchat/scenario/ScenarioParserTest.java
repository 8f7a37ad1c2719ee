package udpchat.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScenarioParserTest {
  private static Scenario parse(String text) {
    return ScenarioParser.parse("example", text.lines().toList());
  }

  @Test
  void readsStepsWithTheLinesEachNodePrints() {
    Scenario scenario =
        parse(
            """
            # Two clients say hello.
            # Nothing else.

            start server 5000
                server | >>> [Server listening on port 5000.]
            start client x 3333
                x      | >>> [Welcome, You are registered.]
                server | >>> [Client table updated.]
                server | {'x': ('x', '127.0.0.1', 3333, True)}
            x: send x  two  spaces kept
                x | >>> x:  two  spaces kept
            close x
                x exits 0
            """);
    assertEquals("Two clients say hello.\nNothing else.", scenario.description());
    assertEquals(4, scenario.steps().size());
    assertEquals(new Action.StartServer(5000), scenario.steps().get(0).action());
    assertEquals(new Action.StartClient("x", "x", 3333, 5000), scenario.steps().get(1).action());
    assertEquals(new Action.Type("x", "send x  two  spaces kept"), scenario.steps().get(2).action());
    assertEquals(new Action.CloseInput("x"), scenario.steps().get(3).action());
    assertEquals(
        List.of(
            new ExpectedLine("x", ">>> [Welcome, You are registered.]", 7),
            new ExpectedLine("x", ">>> x:  two  spaces kept", 11),
            new ExpectedLine("x", "(exits 0)", 13)),
        scenario.expectedByNode().get("x"));
    assertEquals(List.of("server", "x"), List.copyOf(scenario.expectedByNode().keySet()));
    assertEquals(Map.of("server", 3, "x", 2), scenario.countsThrough(2));
    assertEquals(Map.of("server", 5000, "x", 3333), scenario.ports());
  }

  @Test
  void keepsTheLeadingSpaceOfAReceipt() {
    Scenario scenario =
        parse(
            """
            start server 5000
              server | >>>  [Offline Message sent at 23:32:21 received by x.]
            """);
    assertEquals(
        ">>>  [Offline Message sent at 23:32:21 received by x.]",
        scenario.steps().get(0).expected().get(0).text());
  }

  @Test
  void readsEveryKindOfStep() {
    Scenario scenario =
        parse(
            """
            start server 5000
            start client impostor 1111 named x server 6000
            net lossy impostor server drop 25% duplicate 10% delay 200ms
            net drop 2 msg from impostor to *
            net duplicate * from * to server
            net delay 300ms 1 ack from server to impostor
            net cut impostor
            net heal impostor
            net heal
            impostor:
            wait 3s
            inject server repeat 3 ab\\x00\\n
            kill impostor
            stop server
            """);
    List<Action> actions = scenario.steps().stream().map(Step::action).toList();
    assertEquals(new Action.StartClient("impostor", "x", 1111, 6000), actions.get(1));
    assertEquals(
        new Action.Net(new NetChange.Lossy("impostor", "server", 25, 10, Duration.ofMillis(200))),
        actions.get(2));
    assertEquals(
        new Action.Net(new NetChange.Drop(Optional.of(2), "msg", "impostor", "*")), actions.get(3));
    assertEquals(
        new Action.Net(new NetChange.Duplicate(Optional.empty(), "*", "*", "server")),
        actions.get(4));
    assertEquals(
        new Action.Net(
            new NetChange.Delay(Duration.ofMillis(300), Optional.of(1), "ack", "server", "impostor")),
        actions.get(5));
    assertEquals(new Action.Net(new NetChange.Cut("impostor")), actions.get(6));
    assertEquals(new Action.Net(new NetChange.Heal(Optional.of("impostor"))), actions.get(7));
    assertEquals(new Action.Net(new NetChange.Heal(Optional.empty())), actions.get(8));
    assertEquals(new Action.Type("impostor", ""), actions.get(9));
    assertEquals(new Action.Wait(Duration.ofSeconds(3)), actions.get(10));
    assertArrayEquals(
        "ab\0\nab\0\nab\0\n".getBytes(StandardCharsets.UTF_8),
        ((Action.Inject) actions.get(11)).bytes());
    assertEquals(new Action.Kill("impostor"), actions.get(12));
    assertEquals(new Action.StopServer(), actions.get(13));
    assertTrue(scenario.firstSimulatedOnlyStep().isPresent());
    assertEquals(3, scenario.firstSimulatedOnlyStep().get().line());
  }

  @Test
  void readsAnOutageBothWaysOrOneWay() {
    Scenario scenario =
        parse(
            """
            start server 5000
            start client y 2222
            net outage y server for 3s
            net outage y to server for 500ms
            """);
    List<Action> actions = scenario.steps().stream().map(Step::action).toList();
    assertEquals(
        new Action.Net(new NetChange.Outage("y", "server", true, Duration.ofSeconds(3))),
        actions.get(2));
    assertEquals(
        new Action.Net(new NetChange.Outage("y", "server", false, Duration.ofMillis(500))),
        actions.get(3));
    assertEquals(3, scenario.firstSimulatedOnlyStep().get().line());
    assertProblem("start server 5000\nnet outage server for 3s\n", "net outage <node> [to] <node>");
    assertProblem("start server 5000\nnet outage server ghost for 3s\n", "ghost is never started");
  }

  @Test
  void aNetworkStepMayNameANodeThatStartsLater() {
    Scenario scenario =
        parse(
            """
            start server 5000
            net lossy x server drop 10% duplicate 10% delay 100ms
            start client x 3333
            """);
    assertEquals(3333, scenario.ports().get("x"));
  }

  @Test
  void rejectsMistakesWithTheFileAndLine() {
    assertProblem("start client x 3333\n", "example.scenario:1: no server started yet");
    assertProblem("start server 5000\n  x | >>> hi\n", "example.scenario:2: x has not been started");
    assertProblem("start server 5000\ny: hello\n", "example.scenario:2: y has not been started");
    assertProblem("start server 5000\nserver: hello\n", "only clients have input");
    assertProblem("start server 5000\ndance\n", "example.scenario:2: unknown step: dance");
    assertProblem("start server 5000\nwait soon\n", "a duration is like 500ms or 3s");
    assertProblem("  x | hi\n", "an expected line before the first step");
    assertProblem("start server 5000\n  server > hi\n", "expected \"<node> | <line>\"");
    assertProblem("start server 5000\nnet cut ghost\n", "ghost is never started");
    assertProblem("start server 5000\ninject server \\q\n", "unknown escape \\q");
    assertProblem(
        "start server 5000\nstart client x 3333\nstart client x 4444\n",
        "x was started on port 3333 before");
  }

  private static void assertProblem(String text, String message) {
    ScenarioSyntaxException e = assertThrows(ScenarioSyntaxException.class, () -> parse(text));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
