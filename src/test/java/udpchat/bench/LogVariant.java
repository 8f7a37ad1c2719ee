package udpchat.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the server process logs. DEFAULT is the jar as shipped: UdpChat's lines at DEBUG and the
 * packet trace (a line per datagram in and out) in logs/server.log. TRACE_OFF sets
 * {@code udpchat.log-level=INFO} and, since the {@code udpchat.trace} logger has its own level in
 * the built-in logback.xml (the trace is "always in the file"), puts a copy of that logback.xml
 * with the trace logger at INFO in the server's conf/ (which the server reads instead, README
 * "Logs and trace"): warnings about rejected or dropped datagrams stay, the per-datagram lines go.
 *
 * <p>Both raise log-max-file-size to 1GB, so the log the benchmark follows does not roll over in
 * the middle of a round (rolling is rare and cheap; it only makes following the file harder).
 */
enum LogVariant {
  DEFAULT("default logging: DEBUG, packet trace on"),
  TRACE_OFF("log-level INFO, packet trace off");

  private static final Pattern TRACE_LOGGER =
      Pattern.compile("(<logger\\s+name=\"udpchat\\.trace\"\\s+level=\")DEBUG(\")");

  final String description;

  LogVariant(String description) {
    this.description = description;
  }

  Map<String, String> settings() {
    return this == DEFAULT
        ? Map.of("log-max-file-size", "1GB")
        : Map.of("log-max-file-size", "1GB", "log-level", "INFO");
  }

  /** Writes what the variant needs into the server's working directory before it starts. */
  void prepare(Path dir, Path jar) throws IOException {
    if (this == DEFAULT) {
      return;
    }
    String builtIn;
    try (JarFile file = new JarFile(jar.toFile())) {
      JarEntry entry = file.getJarEntry("logback.xml");
      if (entry == null) {
        throw new IOException("no logback.xml in " + jar);
      }
      try (InputStream in = file.getInputStream(entry)) {
        builtIn = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    Matcher matcher = TRACE_LOGGER.matcher(builtIn);
    if (!matcher.find()) {
      throw new IOException("cannot turn the packet trace off: the jar's logback.xml has no"
          + " <logger name=\"udpchat.trace\" level=\"DEBUG\">");
    }
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve("conf").resolve("logback.xml"),
        matcher.replaceFirst("$1INFO$2"), StandardCharsets.UTF_8);
  }
}
