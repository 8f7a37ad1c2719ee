package udpchat.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed scenario file: its steps in order, each with the lines it makes nodes print.
 *
 * @param name the file name without {@code .scenario}
 * @param description the comment lines at the top of the file
 * @param ports each node's port ({@code server} included); a node keeps its port across restarts
 */
public record Scenario(
    String name, String description, List<Step> steps, Map<String, Integer> ports) {
  public Scenario {
    steps = List.copyOf(steps);
    ports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ports));
  }

  /** Every node's expected transcript, nodes in order of first mention. */
  public Map<String, List<ExpectedLine>> expectedByNode() {
    Map<String, List<ExpectedLine>> byNode = new LinkedHashMap<>();
    for (Step step : steps) {
      nodesOf(step).forEach(node -> byNode.computeIfAbsent(node, n -> new ArrayList<>()));
      for (ExpectedLine line : step.expected()) {
        byNode.get(line.node()).add(line);
      }
    }
    return byNode;
  }

  /** How many lines each node must have printed once the step at {@code index} is done. */
  public Map<String, Integer> countsThrough(int index) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Step step : steps.subList(0, index + 1)) {
      for (ExpectedLine line : step.expected()) {
        counts.merge(line.node(), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** The first step only the simulated network can perform, if any. */
  public Optional<Step> firstSimulatedOnlyStep() {
    return steps.stream().filter(step -> step.action() instanceof Action.Net).findFirst();
  }

  private static List<String> nodesOf(Step step) {
    List<String> nodes = new ArrayList<>();
    if (step.action() instanceof Action.StartServer) {
      nodes.add(ScenarioParser.SERVER);
    } else if (step.action() instanceof Action.StartClient start) {
      nodes.add(start.node());
    }
    step.expected().forEach(line -> nodes.add(line.node()));
    return nodes;
  }
}
