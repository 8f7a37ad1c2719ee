package udpchat.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Lines from a pipe, a file or a script (standard input that is not a terminal), read as UTF-8.
 * There is no prompt and no Ctrl-C here: an interrupt reaches the process as a signal.
 */
public final class PlainLineSource implements LineSource {
  private final BufferedReader in;

  public PlainLineSource(InputStream in) {
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  @Override
  public String readLine() {
    try {
      return in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
