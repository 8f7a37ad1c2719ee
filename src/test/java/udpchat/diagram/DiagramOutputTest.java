package udpchat.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The diagram command on log files, and what it writes: SVG, Mermaid, escaped text. */
public class DiagramOutputTest {
  /** x sends y a msg twice (the first copy lost), y ACKs; an outsider's junk reaches the server. */
  private static final String SERVER_LOG = """
      2026-11-27 17:01:50.000 INFO  [server] u.transport.UdpListener - UDP socket bound to 0.0.0.0:5000
      2026-11-27 17:01:53.000 WARN  [server] udpchat.trace - in rejected <- 10.0.0.9:4444 (14 B): not a JSON object
      """;
  private static final String X_LOG = """
      2026-11-27 17:01:50.100 INFO  [x] u.transport.UdpListener - UDP socket bound to 0.0.0.0:3333
      2026-11-27 17:01:51.000 DEBUG [x] udpchat.console - typed send y %getenv("HOME") <img:/etc/passwd>
      2026-11-27 17:01:51.001 DEBUG [x] udpchat.trace - out msg id=17 -> 127.0.0.1:1111 (59 B)
      2026-11-27 17:01:51.501 DEBUG [x] udpchat.trace - out msg id=17 -> 127.0.0.1:1111 (59 B)
      2026-11-27 17:01:51.510 DEBUG [x] udpchat.trace - in ack id=17 <- 127.0.0.1:1111 (41 B)
      """;
  private static final String Y_LOG = """
      2026-11-27 17:01:50.200 INFO  [y] u.transport.UdpListener - UDP socket bound to 0.0.0.0:1111
      2026-11-27 17:01:51.503 DEBUG [y] udpchat.trace - in msg id=17 <- 127.0.0.1:3333 (59 B)
      2026-11-27 17:01:51.504 DEBUG [y] udpchat.console - printed >>> x: !include /etc/passwd
      2026-11-27 17:01:51.505 DEBUG [y] udpchat.trace - out ack id=17 -> 127.0.0.1:3333 (41 B)
      2026-11-27 17:01:51.506 DEBUG [y] udpchat.trace - in ack id=17 <- 127.0.0.1:3333 (41 B)
      """;

  @TempDir Path dir;

  @Test
  void theCommandDrawsEveryNodeAndEveryDatagramOfTheLogs() throws Exception {
    Path logs = logs();
    Run run = diagram(logs.toString(), "-o", dir.resolve("flow.svg").toString());

    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("5 datagrams between 4 lifelines"), run.out());
    Document svg = xml(Files.readAllBytes(dir.resolve("flow.svg")));
    assertEquals(4, groups(svg, "participant-lifeline"), "server, x, y and the outsider");
    assertEquals(5, groups(svg, "message"), "2 msg (one lost), 1 ack, 1 duplicate ack, 1 junk");

    String mermaid = Files.readString(dir.resolve("flow.md"));
    assertTrue(mermaid.contains("```mermaid\nsequenceDiagram\n"), mermaid);
    assertTrue(mermaid.contains("participant p0 as server\n    participant p1 as x\n"
        + "    participant p2 as y\n    participant p3 as 10.0.0.9:4444\n"), mermaid);
    assertTrue(mermaid.contains("p1-xp2: msg 17 (lost)"), mermaid);
    assertTrue(mermaid.contains("p1-->>p2: msg 17 (retry 2)"), mermaid);
    assertTrue(mermaid.contains("p2->>p1: ack 17"), mermaid);
    assertTrue(mermaid.contains("p1-->>p2: ack 17 (duplicate)"), mermaid);
    assertTrue(mermaid.contains("p3->>p0: datagram (rejected: not a JSON object)"), mermaid);
  }

  @Test
  void textFromTheLogIsShownNeverInterpreted() throws Exception {
    Flow flow = flowOf(logs());
    String uml = PlantUmlDiagram.source(flow);
    String mermaid = MermaidDiagram.markdown("t", flow);
    for (String hostile : List.of("%getenv", "<img:", "!include", "/etc/passwd")) {
      assertFalse(uml.contains(hostile), hostile + " in\n" + uml);
      assertFalse(mermaid.contains(hostile), hostile + " in\n" + mermaid);
    }
    assertTrue(uml.contains("typed: send y <U+0025>getenv(<U+0022>HOME<U+0022>)"), uml);
    // Still exactly one diagram, whatever the notes say.
    assertEquals(1, uml.split("@startuml", -1).length - 1);
    String text = new String(PlantUmlDiagram.svg(flow), StandardCharsets.UTF_8);
    assertTrue(text.contains("getenv(&quot;HOME&quot;)") || text.contains("getenv(\"HOME\")"));
  }

  @Test
  void aCapAWindowAndAChoiceOfNodes() throws Exception {
    Path logs = logs();
    Run capped = diagram(logs.toString(), "-o", dir.resolve("capped.svg").toString(),
        "--max-arrows", "2");
    assertTrue(capped.out().contains("(3 more left out)"), capped.out());
    assertTrue(Files.readString(dir.resolve("capped.md"))
        .contains("3 more datagrams not drawn (the cap on arrows)"));

    Run window = diagram(logs.toString(), "-o", dir.resolve("w.svg").toString(),
        "--from", "17:01:51.400", "--to", "17:01:52", "--nodes", "x,y");
    assertEquals(0, window.status(), window.err());
    assertTrue(window.out().contains("3 datagrams between 2 lifelines"), window.out());
  }

  @Test
  void wrongArgumentsAreOneLineAndStatus2() {
    Run missing = diagram(dir.resolve("nowhere").toString(), "-o", "x.svg");
    assertEquals(2, missing.status());
    assertTrue(missing.err().startsWith("udpchat diagram: no such file or directory: "),
        missing.err());
    Run noOutput = diagram(dir.toString());
    assertEquals(2, noOutput.status());
    assertTrue(noOutput.err().startsWith("udpchat diagram: Missing required option"),
        noOutput.err());
    Run badTime = diagram(dir.toString(), "-o", "x.svg", "--from", "noon");
    assertEquals(2, badTime.status());
    assertTrue(badTime.err().contains("not a time: 'noon'"), badTime.err());
  }

  private Path logs() throws IOException {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Files.writeString(logs.resolve("server.log"), SERVER_LOG);
    Files.writeString(logs.resolve("x.log"), X_LOG);
    Files.writeString(logs.resolve("y.log"), Y_LOG);
    return logs;
  }

  private static Flow flowOf(Path logs) throws IOException {
    return FlowBuilder.build(
        LogFiles.read(logs).lines().stream().flatMap(l -> TraceEvents.of(l).stream()).toList(),
        FlowBuilder.Options.ALL);
  }

  private record Run(int status, String out, String err) {}

  private static Run diagram(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = DiagramCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  /** Parses the SVG as XML (well-formed or it throws), with no external entities. */
  public static Document xml(byte[] svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
  }

  /** How many {@code <g class="…">} groups of that class PlantUML drew. */
  public static int groups(Document svg, String cssClass) {
    NodeList groups = svg.getElementsByTagName("g");
    int count = 0;
    for (int i = 0; i < groups.getLength(); i++) {
      String classes = ((Element) groups.item(i)).getAttribute("class");
      if (List.of(classes.split(" ")).contains(cssClass)) {
        count++;
      }
    }
    return count;
  }
}
