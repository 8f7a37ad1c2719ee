package udpchat.client;

import java.util.List;
import udpchat.NodeExit;

/**
 * What the client does next, as its rules decide for a typed command ({@link CommandRules}) or for
 * an answer or its lack ({@link Answers}): print {@link #lines()}, then stay, resume, exit or ask.
 * The client actor carries it out.
 */
sealed interface Step {
  List<String> lines();

  /** Nothing sent, nothing waited for. */
  record Stay(List<String> lines) implements Step {
    Stay(String line) {
      this(List.of(line));
    }
  }

  /** Back online (or offline), then the commands typed meanwhile. */
  record Resume(List<String> lines, boolean online) implements Step {}

  /** End the process. */
  record Exit(List<String> lines, NodeExit exit) implements Step {}

  /** Send {@code pending} and wait for its answer, which {@code errand} gives its meaning. */
  record Ask(List<String> lines, Errand errand, PendingRequest pending) implements Step {
    Ask(Errand errand, PendingRequest pending) {
      this(List.of(), errand, pending);
    }

    /** The same request with {@code line} printed first. */
    Ask after(String line) {
      return new Ask(List.of(line), errand, pending);
    }
  }
}
