package udpchat.scenario;

/**
 * A line a node must print, as the scenario writes it, with where it is written ({@code fileLine}).
 * A node's exit is written {@code <node> exits <status>} and stands in its transcript as
 * {@link #exitLine(int)}.
 */
public record ExpectedLine(String node, String text, int fileLine) {
  /** How a node's own exit appears in its transcript (the node never prints this). */
  public static String exitLine(int status) {
    return "(exits " + status + ")";
  }
}
