package udpchat.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What standard error turns into on a terminal: whole lines, handed on one by one. */
class LinesAboveTest {
  private final List<String> printed = new ArrayList<>();
  private final PrintStream stream =
      new PrintStream(
          new LinesAbove(printed::add, StandardCharsets.UTF_8), true, StandardCharsets.UTF_8);

  @Test
  void eachLineIsHandedOnWhenItsBreakArrives() {
    stream.print("16:16:40.837 [x] out msg");
    stream.flush();
    assertEquals(List.of(), printed);
    stream.print(" id=17 -> 127.0.0.1:1111 (59 B)\nsecond\r\nthird");
    assertEquals(List.of("16:16:40.837 [x] out msg id=17 -> 127.0.0.1:1111 (59 B)", "second"), printed);
  }

  @Test
  void charactersSplitAcrossWritesStayWhole() {
    byte[] bytes = "grüße 你好\n".getBytes(StandardCharsets.UTF_8);
    stream.write(bytes, 0, 3);
    stream.write(bytes, 3, bytes.length - 3);
    assertEquals(List.of("grüße 你好"), printed);
  }

  @Test
  void closingHandsOnAnUnfinishedLine() {
    stream.print("last words");
    stream.close();
    assertEquals(List.of("last words"), printed);
  }
}
