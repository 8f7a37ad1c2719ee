package udpchat.diagram;

import java.time.LocalDateTime;

/**
 * One line of a node's log as the diagram needs it: when, which node, which logger, and the
 * message. Read from log files ({@link LogFiles}) or recorded in memory by the simulated network;
 * either way {@link TraceEvents} reads the message words the same way.
 *
 * @param time the node's local clock
 * @param node the node's name (its log lines' {@code [node]})
 * @param logger the logger's name, e.g. {@code udpchat.trace}
 * @param message the line's message
 */
public record TraceLine(LocalDateTime time, String node, String logger, String message) {}
