package udpchat.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TranscriptDiffTest {
  private static Map<String, List<ExpectedLine>> expected(String node, String... lines) {
    Map<String, List<ExpectedLine>> map = new LinkedHashMap<>();
    return with(map, node, lines);
  }

  private static Map<String, List<ExpectedLine>> with(
      Map<String, List<ExpectedLine>> map, String node, String... lines) {
    List<ExpectedLine> list = new java.util.ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      list.add(new ExpectedLine(node, lines[i], 10 + i));
    }
    map.put(node, list);
    return map;
  }

  @Test
  void aWrittenTimeMatchesAnyTimeButTheSameOneEverywhere() {
    Map<String, List<ExpectedLine>> expected =
        with(
            expected("y", ">>> [Offline Message sent at 23:32:21 received by the server and saved.]"),
            "x",
            ">>> y: 23:32:21 hi offline x",
            ">>> z: 23:32:35 hi offline x from z");
    TranscriptDiff same =
        TranscriptDiff.compare(
            expected,
            Map.of(
                "y", List.of(">>> [Offline Message sent at 08:00:01 received by the server and saved.]"),
                "x", List.of(">>> y: 08:00:01 hi offline x", ">>> z: 08:00:01 hi offline x from z")));
    assertTrue(same.matches(), same.report());

    TranscriptDiff inconsistent =
        TranscriptDiff.compare(
            expected,
            Map.of(
                "y", List.of(">>> [Offline Message sent at 08:00:01 received by the server and saved.]"),
                "x", List.of(">>> y: 08:00:02 hi offline x", ">>> z: 08:00:03 hi offline x from z")));
    assertFalse(inconsistent.matches());
    assertEquals(
        "first differences: x at line 1 (written time 23:32:21 is 08:00:02 here but 08:00:01 at y line 1)",
        inconsistent.summary());
  }

  @Test
  void aTimeMatchesOnlyATime() {
    TranscriptDiff diff =
        TranscriptDiff.compare(expected("x", ">>> y: 23:32:21 hi"), Map.of("x", List.of(">>> y: soon hi")));
    assertFalse(diff.matches());
  }

  @Test
  void reportsEveryNodeSideBySideAndWhereItFirstDiffers() {
    Map<String, List<ExpectedLine>> expected =
        with(
            expected("server", ">>> [Server listening on port 5000.]"),
            "y",
            ">>> [Welcome, You are registered.]",
            ">>> [Message received by z.]",
            ">>> x: hi");
    Map<String, List<String>> actual =
        Map.of(
            "server", List.of(">>> [Server listening on port 5000.]"),
            "y",
            List.of(
                ">>> [Welcome, You are registered.]", ">>> [No ACK from z, message sent to server.]"));
    TranscriptDiff diff = TranscriptDiff.compare(expected, actual);
    assertEquals(
        """
        == server: as expected
             #  file  expected                             | actual
             1  L10   >>> [Server listening on port 5000.] | >>> [Server listening on port 5000.]
        == y: first difference at line 2, expected by file line 11: the line differs
             #  file  expected                           | actual
             1  L10   >>> [Welcome, You are registered.] | >>> [Welcome, You are registered.]
         >   2  L11   >>> [Message received by z.]       | >>> [No ACK from z, message sent to server.]
         !   3  L12   >>> x: hi                          | (nothing)
        """,
        diff.report());
  }

  @Test
  void extraLinesAndUnexpectedNodesAreDifferences() {
    TranscriptDiff diff =
        TranscriptDiff.compare(
            expected("x", ">>> a"), Map.of("x", List.of(">>> a", ">>> b"), "ghost", List.of("boo")));
    assertEquals(
        "first differences: x at line 2 (an extra line was printed); ghost at line 1 (an extra line was printed)",
        diff.summary());
  }
}
