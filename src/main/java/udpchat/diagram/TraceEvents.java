package udpchat.diagram;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import udpchat.diagram.TraceEvent.Bound;
import udpchat.diagram.TraceEvent.Datagram;
import udpchat.diagram.TraceEvent.PersonLine;
import udpchat.diagram.TraceEvent.Rejected;

/**
 * Reads the words of the packet trace ({@code udpchat.trace}), the socket's bound line and the
 * console lines ({@code udpchat.console}) into {@link TraceEvent}s. Anything else is not part of
 * the message flow and is left out.
 */
public final class TraceEvents {
  public static final String TRACE_LOGGER = "udpchat.trace";
  public static final String CONSOLE_LOGGER = "udpchat.console";
  public static final String TYPED = "typed ";
  public static final String PRINTED = "printed ";
  private static final String BOUND = "UDP socket bound to ";

  private static final Pattern DATAGRAM =
      Pattern.compile(
          "^(out|in) (\\S+)(?: id=(\\d+))? (?:->|<-) (\\S+) \\((\\d+) B\\)( dropped: .*)?$");
  private static final Pattern REJECTED =
      Pattern.compile("^in rejected <- (\\S+) \\(\\d+ B\\): (.*)$");

  private TraceEvents() {}

  public static Optional<TraceEvent> of(TraceLine line) {
    String message = line.message();
    if (line.logger().equals(TRACE_LOGGER)) {
      return traced(line, message);
    }
    if (line.logger().equals(CONSOLE_LOGGER)) {
      if (message.startsWith(TYPED)) {
        return Optional.of(new PersonLine(line.time(), line.node(), true,
            message.substring(TYPED.length())));
      }
      if (message.startsWith(PRINTED)) {
        return Optional.of(new PersonLine(line.time(), line.node(), false,
            message.substring(PRINTED.length())));
      }
    }
    if (message.startsWith(BOUND)) {
      return Optional.of(new Bound(line.time(), line.node(), message.substring(BOUND.length())));
    }
    return Optional.empty();
  }

  private static Optional<TraceEvent> traced(TraceLine line, String message) {
    Matcher rejected = REJECTED.matcher(message);
    if (rejected.matches()) {
      return Optional.of(new Rejected(line.time(), line.node(), rejected.group(1),
          rejected.group(2)));
    }
    Matcher datagram = DATAGRAM.matcher(message);
    if (!datagram.matches()) {
      return Optional.empty();
    }
    try {
      long id = datagram.group(3) == null ? 0 : Long.parseLong(datagram.group(3));
      return Optional.of(new Datagram(line.time(), line.node(), datagram.group(1).equals("out"),
          datagram.group(2), id, datagram.group(4), Integer.parseInt(datagram.group(5)),
          datagram.group(6) != null));
    } catch (NumberFormatException e) {
      return Optional.empty(); // digits beyond a long: not a line this program wrote
    }
  }
}
