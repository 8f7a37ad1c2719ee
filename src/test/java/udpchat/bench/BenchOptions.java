package udpchat.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The benchmark's settings, from {@code -Dbench.*} system properties (see {@link Benchmark}). */
record BenchOptions(
    boolean quick,
    Set<String> phases,
    Path jar,
    Path out,
    boolean keep,
    boolean traceOff,
    int rttRounds,
    List<Integer> fanOutSizes,
    int fanOutRounds,
    int silentRounds,
    List<Integer> registerSizes,
    int registerLimitSeconds,
    int offlineMessages,
    int offlineRecipients,
    int entityIdleSeconds,
    int window) {

  static final List<String> ALL_PHASES = List.of("rtt", "fanout", "register", "offline", "flood", "cluster");

  static BenchOptions fromSystemProperties() {
    boolean quick = Boolean.parseBoolean(property("bench.quick", "false"));
    return new BenchOptions(
        quick,
        Set.copyOf(list("bench.phases", String.join(",", ALL_PHASES))),
        Path.of(property("bench.jar", "target/udpchat.jar")),
        Path.of(property("bench.out", "target/bench")),
        Boolean.parseBoolean(property("bench.keep", "false")),
        Boolean.parseBoolean(property("bench.trace-off", "true")),
        number("bench.rtt.rounds", quick ? 400 : 2000),
        ints("bench.fanout.sizes", "10,100,1000"),
        number("bench.fanout.rounds", quick ? 10 : 40),
        number("bench.fanout.silent-rounds", quick ? 2 : 6),
        ints("bench.register.sizes", quick ? "100,1000" : "100,1000,10000"),
        number("bench.register.limit", quick ? 60 : 150),
        number("bench.offline.messages", quick ? 1000 : 5000),
        number("bench.offline.recipients", 0),
        number("bench.entity-idle", 10),
        number("bench.window", 16));
  }

  /** A system property; unset or empty (as the Maven profile passes an unset one) is the default. */
  private static String property(String name, String defaultValue) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? defaultValue : value.strip();
  }

  private static int number(String name, int defaultValue) {
    return Integer.parseInt(property(name, Integer.toString(defaultValue)));
  }

  private static List<String> list(String name, String defaults) {
    return Arrays.stream(property(name, defaults).split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  private static List<Integer> ints(String name, String defaults) {
    return list(name, defaults).stream().map(Integer::valueOf).sorted().toList();
  }

  boolean runs(String phase) {
    return phases.contains(phase);
  }

  String describe() {
    return (quick ? "quick" : "full") + " run; phases " + String.join(",",
        ALL_PHASES.stream().filter(phases::contains).collect(Collectors.toList()))
        + "; fan-out N " + fanOutSizes + " × " + fanOutRounds + " rounds (" + silentRounds
        + " with 10% silent); registration N " + registerSizes + " (at most "
        + registerLimitSeconds + " s each); " + offlineMessages
        + " offline stores to " + (offlineRecipients > 0 ? offlineRecipients + " recipients"
            : "one recipient per 800") + "; entity-idle " + entityIdleSeconds
        + " s in registration; " + rttRounds + " direct round trips; window " + window;
  }
}
