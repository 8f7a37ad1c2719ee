package udpchat.scenario;

/** A scenario file that does not follow the format; the message names the file and line. */
public final class ScenarioSyntaxException extends RuntimeException {
  public ScenarioSyntaxException(String scenario, int line, String problem) {
    super(scenario + ".scenario:" + line + ": " + problem);
  }
}
