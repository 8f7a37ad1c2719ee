package udpchat.console;

/**
 * Where a client's typed lines come from: JLine on a terminal, plain stdin otherwise, a queue in
 * tests. {@link #readLine} blocks, so only the client's ConsoleReader (on a blocking-IO
 * dispatcher) calls it.
 */
public interface LineSource {
  /** The next line without its line break, or null at end of input (Ctrl-D, closed pipe). */
  String readLine() throws Interrupted;

  /** The person pressed Ctrl-C: the client leaves silently, without telling the server. */
  final class Interrupted extends Exception {
    public Interrupted() {
      super("interrupted by the user");
    }
  }
}
