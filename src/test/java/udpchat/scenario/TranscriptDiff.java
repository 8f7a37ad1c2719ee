package udpchat.scenario;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Expected against actual transcripts, node by node. The report shows every node's lines side by
 * side, marks the lines that differ, and says where and why each node first differs.
 */
public final class TranscriptDiff {
  /** One node's comparison; {@code firstDifference} is a 0-based line index, -1 when equal. */
  public record NodeDiff(
      String node,
      List<ExpectedLine> expected,
      List<String> actual,
      int firstDifference,
      String why,
      Set<Integer> differing) {
    public boolean matches() {
      return firstDifference < 0;
    }
  }

  private final List<NodeDiff> nodes;

  private TranscriptDiff(List<NodeDiff> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  public static TranscriptDiff compare(
      Map<String, List<ExpectedLine>> expected, Map<String, List<String>> actual) {
    Set<String> names = new LinkedHashSet<>(expected.keySet());
    names.addAll(actual.keySet());
    TimeMatcher times = new TimeMatcher();
    List<NodeDiff> diffs = new ArrayList<>();
    for (String node : names) {
      diffs.add(
          compareNode(
              node, expected.getOrDefault(node, List.of()), actual.getOrDefault(node, List.of()), times));
    }
    return new TranscriptDiff(diffs);
  }

  private static NodeDiff compareNode(
      String node, List<ExpectedLine> expected, List<String> actual, TimeMatcher times) {
    int first = -1;
    String why = "";
    Set<Integer> differing = new LinkedHashSet<>();
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      Optional<String> problem;
      if (i >= actual.size()) {
        problem = Optional.of("this line was never printed");
      } else if (i >= expected.size()) {
        problem = Optional.of("an extra line was printed");
      } else {
        problem = times.mismatch(expected.get(i).text(), actual.get(i), node + " line " + (i + 1));
      }
      if (problem.isPresent()) {
        differing.add(i);
        if (first < 0) {
          first = i;
          why = problem.get();
        }
      }
    }
    return new NodeDiff(node, expected, actual, first, why, differing);
  }

  public boolean matches() {
    return nodes.stream().allMatch(NodeDiff::matches);
  }

  public List<NodeDiff> nodes() {
    return nodes;
  }

  /** Every node side by side; lines that differ are marked {@code !}, the first one {@code >}. */
  public String report() {
    StringBuilder out = new StringBuilder();
    for (NodeDiff diff : nodes) {
      out.append(diff.matches() ? "== " + diff.node() + ": as expected" : headline(diff)).append('\n');
      int width = "expected".length();
      for (ExpectedLine line : diff.expected()) {
        width = Math.max(width, line.text().length());
      }
      out.append(String.format("   %3s  %-5s %-" + width + "s | actual%n", "#", "file", "expected"));
      for (int i = 0; i < Math.max(diff.expected().size(), diff.actual().size()); i++) {
        String mark = i == diff.firstDifference() ? " > " : diff.differing().contains(i) ? " ! " : "   ";
        boolean hasExpected = i < diff.expected().size();
        String file = hasExpected ? "L" + diff.expected().get(i).fileLine() : "";
        String expected = hasExpected ? diff.expected().get(i).text() : "(nothing)";
        String actual = i < diff.actual().size() ? diff.actual().get(i) : "(nothing)";
        out.append(
            String.format("%s%3d  %-5s %-" + width + "s | %s%n", mark, i + 1, file, expected, actual));
      }
    }
    return out.toString();
  }

  /** One line naming each node that differs and where it first does. */
  public String summary() {
    List<String> parts = new ArrayList<>();
    for (NodeDiff diff : nodes) {
      if (!diff.matches()) {
        parts.add(diff.node() + " at line " + (diff.firstDifference() + 1) + " (" + diff.why() + ")");
      }
    }
    return parts.isEmpty() ? "transcripts match" : "first differences: " + String.join("; ", parts);
  }

  private static String headline(NodeDiff diff) {
    String where =
        diff.firstDifference() < diff.expected().size()
            ? ", expected by file line " + diff.expected().get(diff.firstDifference()).fileLine()
            : "";
    return "== "
        + diff.node()
        + ": first difference at line "
        + (diff.firstDifference() + 1)
        + where
        + ": "
        + diff.why();
  }
}
