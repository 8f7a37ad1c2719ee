package udpchat.diagram;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import udpchat.diagram.Flow.Arrow;
import udpchat.diagram.Flow.Fate;
import udpchat.diagram.Flow.Note;
import udpchat.diagram.Flow.Step;
import udpchat.diagram.TraceEvent.Bound;
import udpchat.diagram.TraceEvent.Datagram;
import udpchat.diagram.TraceEvent.PersonLine;
import udpchat.diagram.TraceEvent.Rejected;

/**
 * Pairs each datagram sent with its arrival and builds the {@link Flow}. A packet is known by its
 * type, id and the two ends (a node is known by the port its socket was bound to, or host and
 * port when it was bound to one address). Arrivals take the earliest unpaired send of their packet,
 * so pairing holds whatever the clocks say; a send never read is lost, an arrival with no send
 * left is a duplicate, and one from an address no log belongs to comes from that address.
 */
public final class FlowBuilder {
  /** What to draw: a time window, the lifelines to keep (empty: all), a cap on arrows. */
  public record Options(
      Optional<LocalDateTime> from, Optional<LocalDateTime> to, Set<String> nodes, int maxArrows) {
    public static final Options ALL =
        new Options(Optional.empty(), Optional.empty(), Set.of(), Integer.MAX_VALUE);
  }

  /**
   * How much later than its arrival a send may be logged: the sender writes its line once the
   * kernel took the datagram. Far less than any retry interval (an ACK timeout).
   */
  private static final Duration LOGGED_AFTER_SENDING = Duration.ofMillis(20);

  private static final String PROMPT = ">>> ";

  private record Packet(String type, long id, String from, String to) {}

  private record Send(Datagram datagram, int attempt) {}

  private final Map<String, String> nodeAt = new HashMap<>();
  private final Set<String> loggedNodes = new LinkedHashSet<>();

  private FlowBuilder() {}

  public static Flow build(List<TraceEvent> events, Options options) {
    return new FlowBuilder().flow(events, options);
  }

  private Flow flow(List<TraceEvent> events, Options options) {
    List<TraceEvent> ordered =
        events.stream().sorted(Comparator.comparing(TraceEvent::time)).toList();
    for (TraceEvent event : ordered) {
      loggedNodes.add(event.node());
      if (event instanceof Bound bound) {
        nodeAt.put(bound.address(), bound.node());
        nodeAt.put(portOf(bound.address()), bound.node());
      }
    }
    // All sends first: a sender logs a datagram once the socket took it, so its arrival can be
    // logged a moment before it.
    Map<Packet, Integer> sendsSoFar = new HashMap<>();
    Map<Packet, List<Send>> unread = new HashMap<>();
    List<Step> steps = new ArrayList<>();
    for (TraceEvent event : ordered) {
      if (event instanceof Datagram datagram && datagram.sent()) {
        Packet packet = new Packet(datagram.type(), datagram.id(), datagram.node(),
            lifelineOf(datagram.peer()));
        // Packets without an id (table_update, table_sync) are never sent again: each is new.
        int attempt = datagram.id() == 0 ? 1 : sendsSoFar.merge(packet, 1, Integer::sum);
        if (datagram.dropped()) {
          steps.add(arrow(datagram, packet, attempt, Fate.LOST, "dropped by the sender"));
        } else {
          unread.computeIfAbsent(packet, p -> new ArrayList<>()).add(new Send(datagram, attempt));
        }
      }
    }
    for (TraceEvent event : ordered) {
      if (event instanceof Datagram datagram && !datagram.sent()) {
        Packet packet = new Packet(datagram.type(), datagram.id(), lifelineOf(datagram.peer()),
            datagram.node());
        Send send = takeSend(unread.get(packet), datagram.time());
        if (send != null) {
          steps.add(arrow(send.datagram(), packet, send.attempt(), Fate.DELIVERED, ""));
        } else {
          boolean sentByALoggedNode = loggedNodes.contains(packet.from());
          steps.add(arrow(datagram, packet, 1,
              sentByALoggedNode ? Fate.DUPLICATE : Fate.DELIVERED, ""));
        }
      } else if (event instanceof Rejected rejected) {
        steps.add(new Arrow(rejected.time(), lifelineOf(rejected.peer()), rejected.node(),
            "datagram", 0, 1, Fate.REJECTED, rejected.reason()));
      } else if (event instanceof PersonLine line) {
        steps.add(new Note(line.time(), line.node(), line.typed(), withoutPrompt(line.text())));
      }
    }
    // Sends never read: lost on the way, if their receiver's log is here to say so.
    unread.forEach((packet, sends) -> sends.forEach(send -> steps.add(arrow(send.datagram(),
        packet, send.attempt(), loggedNodes.contains(packet.to()) ? Fate.LOST : Fate.DELIVERED,
        ""))));
    steps.sort(Comparator.comparing(Step::time));
    return select(steps, options);
  }

  /**
   * The send an arrival belongs to: the last one sent before it arrived (a retry whose earlier
   * copy was lost is the one that got through), allowing for the sender logging it a moment after
   * the arrival; when the clocks disagree so that none was, the first.
   */
  private static Send takeSend(List<Send> sends, LocalDateTime arrival) {
    if (sends == null || sends.isEmpty()) {
      return null;
    }
    LocalDateTime latest = arrival.plus(LOGGED_AFTER_SENDING);
    Send chosen = sends.get(0);
    for (Send send : sends) {
      if (!send.datagram().time().isAfter(latest)) {
        chosen = send;
      }
    }
    sends.remove(chosen);
    return chosen;
  }

  private static String withoutPrompt(String line) {
    return line.startsWith(PROMPT) ? line.substring(PROMPT.length()) : line;
  }

  private static Arrow arrow(Datagram datagram, Packet packet, int attempt, Fate fate,
      String detail) {
    return new Arrow(datagram.time(), packet.from(), packet.to(), packet.type(), packet.id(),
        attempt, fate, detail);
  }

  /** The node bound to {@code address}, or the address itself when no log belongs to it. */
  private String lifelineOf(String address) {
    String node = nodeAt.get(address);
    if (node == null) {
      node = nodeAt.get(portOf(address));
    }
    return node == null ? address : node;
  }

  /** {@code "*:5000"}: the key of a socket bound to every interface. */
  private static String portOf(String address) {
    int colon = address.lastIndexOf(':');
    return "*" + address.substring(colon);
  }

  private Flow select(List<Step> steps, Options options) {
    List<Step> kept = new ArrayList<>();
    Set<String> lifelines = new LinkedHashSet<>();
    int arrows = 0;
    int leftOut = 0;
    for (Step step : steps) {
      if (options.from().filter(step.time()::isBefore).isPresent()
          || options.to().filter(step.time()::isAfter).isPresent()) {
        continue;
      }
      if (step instanceof Arrow arrow) {
        if (!shown(arrow.from(), options) || !shown(arrow.to(), options)) {
          continue;
        }
        if (arrows == options.maxArrows()) {
          leftOut++;
          continue;
        }
        arrows++;
        lifelines.add(arrow.from());
        lifelines.add(arrow.to());
        kept.add(step);
      } else if (step instanceof Note note && shown(note.lifeline(), options)
          && arrows < options.maxArrows()) {
        lifelines.add(note.lifeline());
        kept.add(step);
      }
    }
    // Nodes in the order they first appear in the logs (their sockets bound), then addresses.
    List<String> ordered = new ArrayList<>(loggedNodes);
    ordered.retainAll(lifelines);
    lifelines.stream().filter(l -> !loggedNodes.contains(l)).forEach(ordered::add);
    return new Flow(List.copyOf(ordered), kept, leftOut);
  }

  private static boolean shown(String lifeline, Options options) {
    return options.nodes().isEmpty() || options.nodes().contains(lifeline);
  }
}
