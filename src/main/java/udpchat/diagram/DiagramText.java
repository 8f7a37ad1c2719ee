package udpchat.diagram;

import java.util.function.IntFunction;

/**
 * Makes text from a log safe to put in a diagram's source: a message is words to show, never
 * markup, a directive or a function call of the diagram language. Letters, digits, spaces and
 * plain punctuation stay; every other character becomes the language's own character escape.
 */
final class DiagramText {
  /** Longer notes are cut: a diagram is for the flow, the log has the whole text. */
  static final int MAX_NOTE_CHARS = 80;

  private static final String PLAIN = " .,:?()'+@";

  private DiagramText() {}

  /** PlantUML: {@code <U+0025>} for a {@code %}, so no preprocessor or creole syntax survives. */
  static String plantUml(String text) {
    return escape(text, code -> String.format("<U+%04X>", code));
  }

  /** Mermaid: {@code #37;} for a {@code %}, its entity code. */
  static String mermaid(String text) {
    return escape(text, code -> "#" + code + ";");
  }

  private static String escape(String text, IntFunction<String> escapeOf) {
    String cut =
        text.codePointCount(0, text.length()) > MAX_NOTE_CHARS
            ? text.substring(0, text.offsetByCodePoints(0, MAX_NOTE_CHARS)) + "…"
            : text;
    StringBuilder out = new StringBuilder();
    cut.codePoints().forEach(code -> {
      if (Character.isLetterOrDigit(code) || PLAIN.indexOf(code) >= 0) {
        out.appendCodePoint(code);
      } else if (Character.isISOControl(code) || Character.getType(code) == Character.FORMAT
          || Character.isSurrogate((char) code)) {
        out.append(escapeOf.apply(0xFFFD));
      } else {
        out.append(escapeOf.apply(code));
      }
    });
    return out.toString();
  }
}
