package udpchat.diagram;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code udpchat diagram <logs>… -o flow.svg}: the sequence diagram of a run from the log files
 * of its nodes, as SVG, and as Mermaid in Markdown beside it ({@code flow.md}).
 */
@Command(
    name = "diagram",
    mixinStandardHelpOptions = false,
    usageHelpWidth = 100,
    customSynopsis = "java -jar udpchat.jar diagram <log-dir-or-file>... -o <out.svg> [options]",
    description = {
      "",
      "Draws the message flow of a run from its nodes' log files (logs/server.log, ...):",
      "one lifeline per node, every datagram paired with its arrival, lost ones crossed,",
      "retries dashed, typed and printed lines as notes. Writes <out.svg> and, beside it,",
      "<out>.md (Mermaid).",
      ""
    })
public final class DiagramCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "<log-dir-or-file>",
      description = "A directory of .log files, or log files.")
  List<Path> inputs;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "<out.svg>",
      description = "Where to write the SVG; the Mermaid Markdown goes beside it as .md.")
  Path output;

  @Option(names = "--from", paramLabel = "<time>",
      description = "Leave out what happened before: HH:mm:ss[.SSS] or yyyy-MM-ddTHH:mm:ss[.SSS].")
  String from;

  @Option(names = "--to", paramLabel = "<time>", description = "Leave out what happened after.")
  String to;

  @Option(names = "--nodes", split = ",", paramLabel = "<node>",
      description = "Only these lifelines (node names or addresses), comma-separated.")
  List<String> nodes = List.of();

  @Option(names = "--max-arrows", paramLabel = "<n>", defaultValue = "500",
      description =
          "Draw at most this many datagrams (default ${DEFAULT-VALUE}); a note says how many more.")
  int maxArrows;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this help and exit.")
  boolean help;

  private PrintStream out;
  private PrintStream err;

  /**
   * Runs the command; returns the exit status: 0, 1 when a file cannot be read or written, 2 for
   * a wrong argument.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    DiagramCommand command = new DiagramCommand();
    command.out = out;
    command.err = err;
    CommandLine line = new CommandLine(command);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    line.setParameterExceptionHandler((wrong, ignored) -> {
      err.println("udpchat diagram: " + wrong.getMessage());
      wrong.getCommandLine().usage(err, CommandLine.Help.Ansi.OFF);
      return CommandLine.ExitCode.USAGE;
    });
    return line.execute(args);
  }

  @Override
  public Integer call() {
    if (maxArrows < 1) {
      return usage("--max-arrows must be at least 1, not " + maxArrows);
    }
    List<TraceLine> lines = new ArrayList<>();
    for (Path input : inputs) {
      if (!Files.exists(input)) {
        return usage("no such file or directory: " + input);
      }
      try {
        LogFiles.Read read = LogFiles.read(input);
        read.warnings().forEach(warning -> err.println("udpchat diagram: " + warning));
        lines.addAll(read.lines());
      } catch (IOException | RuntimeException e) {
        err.println("udpchat diagram: cannot read " + input + ": " + e.getMessage());
        return 1;
      }
    }
    LocalDate day = lines.stream().map(l -> l.time().toLocalDate()).min(LocalDate::compareTo)
        .orElse(LocalDate.now());
    Optional<LocalDateTime> start;
    Optional<LocalDateTime> end;
    try {
      start = Optional.ofNullable(from).map(t -> when(t, day));
      end = Optional.ofNullable(to).map(t -> when(t, day));
    } catch (DateTimeParseException e) {
      return usage("not a time: '" + e.getParsedString()
          + "' (HH:mm:ss[.SSS] or yyyy-MM-ddTHH:mm:ss)");
    }
    List<TraceEvent> events = lines.stream().flatMap(l -> TraceEvents.of(l).stream()).toList();
    Flow flow = FlowBuilder.build(events,
        new FlowBuilder.Options(start, end, Set.copyOf(nodes), maxArrows));
    Path markdown = beside(output, ".md");
    try {
      Files.write(output, PlantUmlDiagram.svg(flow));
      Files.writeString(markdown, MermaidDiagram.markdown("Message flow", flow));
    } catch (IOException | RuntimeException e) {
      err.println("udpchat diagram: cannot write " + output + ": " + e.getMessage());
      return 1;
    }
    out.println("udpchat diagram: " + flow.arrowCount() + " datagrams between "
        + flow.lifelines().size() + " lifelines written to " + output + " and " + markdown
        + (flow.arrowsLeftOut() > 0 ? " (" + flow.arrowsLeftOut() + " more left out)" : ""));
    return 0;
  }

  /** {@code flow.svg} → {@code flow.md}. */
  public static Path beside(Path file, String extension) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + extension);
  }

  private static LocalDateTime when(String text, LocalDate day) {
    return text.contains("T") ? LocalDateTime.parse(text) : LocalTime.parse(text).atDate(day);
  }

  private int usage(String problem) {
    err.println("udpchat diagram: " + problem);
    return CommandLine.ExitCode.USAGE;
  }
}
