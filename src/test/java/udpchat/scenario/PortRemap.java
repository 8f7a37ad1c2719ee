package udpchat.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Moves a scenario to other ports, so end-to-end runs do not clash with each other or with
 * anything else on the machine. Ports change in the steps and in the expected lines where a port
 * is printed: the server's {@code [Server listening on port N.]} and the table's
 * {@code '127.0.0.1', N}.
 */
final class PortRemap {
  private static final Pattern PRINTED_PORT =
      Pattern.compile(
          "(?<=^>>> \\[Server listening on port )\\d+(?=\\.\\]$)|(?<='127\\.0\\.0\\.1', )\\d+(?=, (True|False)\\))");

  private PortRemap() {}

  /** Each port of the scenario mapped to a fresh one from {@code freePorts}. */
  static Map<Integer, Integer> plan(Scenario scenario, IntSupplier freePorts) {
    Map<Integer, Integer> plan = new LinkedHashMap<>();
    for (Step step : scenario.steps()) {
      if (step.action() instanceof Action.StartServer start) {
        plan.computeIfAbsent(start.port(), p -> freePorts.getAsInt());
      } else if (step.action() instanceof Action.StartClient start) {
        plan.computeIfAbsent(start.port(), p -> freePorts.getAsInt());
        plan.computeIfAbsent(start.serverPort(), p -> freePorts.getAsInt());
      }
    }
    return plan;
  }

  static Scenario apply(Scenario scenario, Map<Integer, Integer> plan) {
    List<Step> steps = new ArrayList<>();
    for (Step step : scenario.steps()) {
      List<ExpectedLine> expected =
          step.expected().stream()
              .map(line -> new ExpectedLine(line.node(), rewrite(line.text(), plan), line.fileLine()))
              .toList();
      steps.add(new Step(step.line(), step.text(), remap(step.action(), plan), expected));
    }
    Map<String, Integer> ports = new LinkedHashMap<>();
    scenario.ports().forEach((node, port) -> ports.put(node, plan.getOrDefault(port, port)));
    return new Scenario(scenario.name(), scenario.description(), steps, ports);
  }

  private static Action remap(Action action, Map<Integer, Integer> plan) {
    if (action instanceof Action.StartServer start) {
      return new Action.StartServer(plan.get(start.port()));
    }
    if (action instanceof Action.StartClient start) {
      return new Action.StartClient(
          start.node(), start.chatName(), plan.get(start.port()), plan.get(start.serverPort()));
    }
    return action;
  }

  private static String rewrite(String text, Map<Integer, Integer> plan) {
    Matcher port = PRINTED_PORT.matcher(text);
    StringBuilder out = new StringBuilder();
    while (port.find()) {
      int written = Integer.parseInt(port.group());
      port.appendReplacement(out, String.valueOf(plan.getOrDefault(written, written)));
    }
    port.appendTail(out);
    return out.toString();
  }
}
