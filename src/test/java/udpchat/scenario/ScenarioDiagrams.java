package udpchat.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import udpchat.diagram.Flow;
import udpchat.diagram.FlowBuilder;
import udpchat.diagram.LogFiles;
import udpchat.diagram.MermaidDiagram;
import udpchat.diagram.PlantUmlDiagram;
import udpchat.diagram.TraceEvents;
import udpchat.diagram.TraceLine;

/**
 * Each scenario draws itself: target/scenarios/<name>.svg and <name>.md from the in-process run's
 * packet trace (recorded by the simulated network), target/scenarios/e2e/<name>.svg and .md from
 * the end-to-end run's log files.
 */
final class ScenarioDiagrams {
  static final Path IN_PROCESS = Path.of("target", "scenarios");
  static final Path END_TO_END = IN_PROCESS.resolve("e2e");

  private ScenarioDiagrams() {}

  static Flow write(Path directory, String name, List<TraceLine> trace) {
    Flow flow =
        FlowBuilder.build(
            trace.stream().flatMap(line -> TraceEvents.of(line).stream()).toList(),
            FlowBuilder.Options.ALL);
    try {
      Files.createDirectories(directory);
      Files.write(directory.resolve(name + ".svg"), PlantUmlDiagram.svg(flow));
      Files.writeString(directory.resolve(name + ".md"), MermaidDiagram.markdown(name, flow));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the diagram of " + name, e);
    }
    return flow;
  }

  static Flow fromLogs(String name, Path logs) {
    try {
      return write(END_TO_END, name, LogFiles.read(logs).lines());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the logs of " + name + " in " + logs, e);
    }
  }
}
