package udpchat.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import udpchat.diagram.TraceEvent.Bound;
import udpchat.diagram.TraceEvent.Datagram;
import udpchat.diagram.TraceEvent.PersonLine;
import udpchat.diagram.TraceEvent.Rejected;

/** Log lines as the nodes write them, and lines that only look like them. */
class TraceParsingTest {
  private static final LocalDateTime AT = LocalDateTime.parse("2026-11-27T17:01:52.913");

  @Test
  void aTraceLineBecomesADatagramSentOrRead() {
    assertEquals(
        Optional.of(new Datagram(AT, "x", true, "msg", 1342259599, "127.0.0.1:1111", 59, false)),
        event("2026-11-27 17:01:52.913 DEBUG [x] udpchat.trace - "
            + "out msg id=1342259599 -> 127.0.0.1:1111 (59 B)"));
    assertEquals(
        Optional.of(new Datagram(AT, "y", false, "table_update", 0, "127.0.0.1:5000", 120, false)),
        event("2026-11-27 17:01:52.913 DEBUG [y] udpchat.trace - "
            + "in table_update <- 127.0.0.1:5000 (120 B)"));
    assertEquals(
        Optional.of(new Datagram(AT, "server", true, "GC", 7, "127.0.0.1:3333", 99, true)),
        event("2026-11-27 17:01:52.913 WARN  [server] udpchat.trace - "
            + "out GC id=7 -> 127.0.0.1:3333 (99 B) dropped: socket send buffer full"));
  }

  @Test
  void rejectedDatagramsSocketsAndPeoplesLines() {
    assertEquals(
        Optional.of(new Rejected(AT, "server", "127.0.0.1:40112", "not a JSON object")),
        event("2026-11-27 17:01:52.913 WARN  [server] udpchat.trace - "
            + "in rejected <- 127.0.0.1:40112 (14 B): not a JSON object"));
    assertEquals(
        Optional.of(new Bound(AT, "server", "0.0.0.0:5000")),
        event("2026-11-27 17:01:52.913 INFO  [server] u.transport.UdpListener - "
            + "UDP socket bound to 0.0.0.0:5000"));
    assertEquals(
        Optional.of(new PersonLine(AT, "x", true, "send y hi -> there")),
        event("2026-11-27 17:01:52.913 DEBUG [x] udpchat.console - typed send y hi -> there"));
    assertEquals(
        Optional.of(new PersonLine(AT, "y", false, ">>> x: hi")),
        event("2026-11-27 17:01:52.913 DEBUG [y] udpchat.console - printed >>> x: hi"));
  }

  @Test
  void linesOfAnotherShapeAreNotEvents() {
    List<String> others = List.of(
        "",
        "\tat org.apache.pekko.actor.ActorCell.invoke(ActorCell.scala:1)",
        "java.lang.IllegalStateException: boom",
        "2026-13-45 17:01:52.913 DEBUG [x] udpchat.trace - out msg id=1 -> 1.2.3.4:5 (59 B)",
        "2026-11-27 17:01:52.913 DEBUG [x] udpchat.trace - out msg id=99999999999999999999 -> "
            + "1.2.3.4:5 (59 B)",
        "2026-11-27 17:01:52.913 DEBUG [x] udpchat.trace - something else entirely",
        // A person's line mentioning the trace's words is not a datagram.
        "2026-11-27 17:01:52.913 DEBUG [x] udpchat.console - said out msg id=1 -> 1.2.3.4:5 (1 B)",
        "2026-11-27 17:01:52.913 DEBUG [x] u.client.ClientActor - out msg id=1 -> 1.2.3.4:5 (1 B)");
    for (String line : others) {
      assertEquals(Optional.empty(), event(line), line);
    }
  }

  @Test
  void aDirectoryIsReadFileByFileAndOtherFilesAreSaidToBeSkipped(@TempDir Path logs)
      throws IOException {
    Files.writeString(logs.resolve("x.log"),
        "2026-11-27 17:01:52.913 DEBUG [x] udpchat.trace - out msg id=1 -> 127.0.0.1:1111 (59 B)\n"
            + "\tat a stack trace line\n"
            + "2026-11-27 17:01:52.914123 DEBUG [x] udpchat.console - printed >>> hi\n");
    Files.writeString(logs.resolve("notes.log"), "print('hello')\nrm -rf /\n");
    Files.writeString(logs.resolve("ignored.txt"), "not a log\n");

    LogFiles.Read read = LogFiles.read(logs);

    assertEquals(2, read.lines().size());
    assertEquals(LocalDateTime.parse("2026-11-27T17:01:52.914123"), read.lines().get(1).time());
    assertEquals(3, read.skipped());
    assertEquals(1, read.warnings().size());
    assertTrue(read.warnings().get(0).contains("notes.log: no UdpChat log lines"),
        read.warnings().toString());
  }

  private static Optional<TraceEvent> event(String line) {
    return LogFiles.parse(line).flatMap(TraceEvents::of);
  }
}
