package udpchat.console;

/**
 * Where a node's lines for a person go: a terminal, a plain stream, or a test buffer. Only one
 * actor per node writes to it.
 */
public interface Console {
  /** The prefix of every line for a person. */
  String PROMPT = ">>> ";

  /** Prints {@code PROMPT + text} as one line. */
  void line(String text);

  /** Prints {@code text} as it is (the server's table line has no prompt). */
  void raw(String text);
}
