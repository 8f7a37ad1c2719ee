package udpchat.scenario;

import java.util.List;

/**
 * One step of a scenario and the lines it makes nodes print.
 *
 * @param line where the step is in its file (1-based)
 * @param text the step as written
 * @param expected what the nodes print as a result, in order per node
 */
public record Step(int line, String text, Action action, List<ExpectedLine> expected) {
  public Step {
    expected = List.copyOf(expected);
  }
}
