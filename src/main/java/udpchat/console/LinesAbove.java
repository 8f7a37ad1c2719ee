package udpchat.console;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.function.Consumer;

/**
 * An output stream that hands on whole lines: bytes collect until a line break, then the line
 * (decoded, without the break) goes to {@code printLine}. Used behind a {@link
 * java.io.PrintStream}, whose lock serialises the writers, as {@link TerminalConsole#errorStream}.
 */
final class LinesAbove extends OutputStream {
  private final Consumer<String> printLine;
  private final Charset charset;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  LinesAbove(Consumer<String> printLine, Charset charset) {
    this.printLine = printLine;
    this.charset = charset;
  }

  @Override
  public void write(int b) {
    if (b == '\n') {
      endLine();
    } else {
      pending.write(b);
    }
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      write(bytes[i]);
    }
  }

  /** A line without its break still waits for it: half a line above the prompt would be odd. */
  @Override
  public void flush() {}

  /** Hands on what is left, so nothing written is lost. */
  @Override
  public void close() {
    if (pending.size() > 0) {
      endLine();
    }
  }

  private void endLine() {
    String line = pending.toString(charset);
    pending.reset();
    printLine.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
  }
}
