package udpchat.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The live heap of another JVM, from {@code jcmd <pid> GC.class_histogram}: it runs a full GC
 * first, so only reachable objects count. Bytes per class too, so growth can be explained.
 */
final class HeapProbe {
  /** A histogram: live bytes in all and per class. */
  record Histogram(long totalBytes, Map<String, Long> bytesByClass) {
    /** Live bytes of the classes whose name starts with {@code prefix}. */
    long bytesOf(String prefix) {
      return bytesByClass.entrySet().stream()
          .filter(e -> e.getKey().startsWith(prefix))
          .mapToLong(Map.Entry::getValue)
          .sum();
    }

    /** The classes that grew most from {@code before} to this one: "name +bytes, …". */
    String topGrowth(Histogram before, int count) {
      return bytesByClass.entrySet().stream()
          .map(e -> Map.entry(e.getKey(), e.getValue() - before.bytesByClass.getOrDefault(e.getKey(), 0L)))
          .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
          .limit(count)
          .map(e -> shortName(e.getKey()) + " +" + kib(e.getValue()))
          .collect(Collectors.joining(", "));
    }
  }

  private static final Pattern ROW =
      Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
  private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");

  private HeapProbe() {}

  static Histogram histogram(long pid) throws IOException, InterruptedException {
    Path out = Files.createTempFile("histogram", ".txt");
    try {
      Process jcmd =
          new ProcessBuilder(jcmd(), Long.toString(pid), "GC.class_histogram")
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!jcmd.waitFor(120, TimeUnit.SECONDS)) {
        jcmd.destroyForcibly();
        throw new IOException("jcmd did not finish");
      }
      long total = -1;
      Map<String, Long> byClass = new HashMap<>();
      for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
        Matcher row = ROW.matcher(line);
        if (row.find()) {
          byClass.merge(row.group(3), Long.parseLong(row.group(2)), Long::sum);
          continue;
        }
        Matcher sum = TOTAL.matcher(line);
        if (sum.find()) {
          total = Long.parseLong(sum.group(2));
        }
      }
      if (total < 0) {
        throw new IOException("no histogram from jcmd: " + Files.readString(out).strip());
      }
      return new Histogram(total, byClass);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static String jcmd() {
    Path own = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    return Files.isExecutable(own) ? own.toString() : "jcmd";
  }

  private static String shortName(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? className : className.substring(dot + 1);
  }

  static String kib(long bytes) {
    return Math.abs(bytes) < 10_240 ? bytes + " B" : String.format("%.0f KiB", bytes / 1024.0);
  }
}
