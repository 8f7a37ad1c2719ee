package udpchat;

import java.util.Optional;

/**
 * How a node asks its process to end: with an exit status and, for a failure that is not one of
 * SPEC §2's console lines (a port in use), one line for stderr.
 */
public record NodeExit(int status, Optional<String> errorLine) {
  public static NodeExit ok() {
    return new NodeExit(0, Optional.empty());
  }

  /** Status 1 after the console already said why ("[Exiting]"). */
  public static NodeExit failed() {
    return new NodeExit(1, Optional.empty());
  }

  /** Status 1 with a line for stderr. */
  public static NodeExit failed(String errorLine) {
    return new NodeExit(1, Optional.of(errorLine));
  }
}
