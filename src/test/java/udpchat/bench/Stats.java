package udpchat.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Median and 99th percentile (nearest rank) of a sample of durations in nanoseconds. The machine
 * the benchmark runs on is shared and noisy, so means would say little: medians and p99 only.
 */
record Stats(int count, long median, long p99, long min, long max) {
  static final Stats EMPTY = new Stats(0, 0, 0, 0, 0);

  static Stats of(List<Long> nanos) {
    return of(nanos.stream().mapToLong(Long::longValue).toArray());
  }

  static Stats of(long[] nanos) {
    if (nanos.length == 0) {
      return EMPTY;
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    long median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    int rank = (int) Math.ceil(0.99 * n); // nearest rank: with fewer than 100 values, the max
    return new Stats(n, median, sorted[rank - 1], sorted[0], sorted[n - 1]);
  }

  boolean isEmpty() {
    return count == 0;
  }

  /** "412 µs / 1.31 ms (n=2000)": median / p99. */
  String medianP99() {
    return isEmpty() ? "—" : duration(median) + " / " + duration(p99) + " (n=" + count + ")";
  }

  /** A duration for a person: µs below 10 ms, ms below 10 s, else s. */
  static String duration(long nanos) {
    double micros = nanos / 1_000.0;
    if (micros < 1_000) {
      return String.format("%.0f µs", micros);
    } else if (micros < 10_000_000) {
      double millis = micros / 1_000;
      return millis < 100 ? String.format("%.2f ms", millis) : String.format("%.0f ms", millis);
    }
    return String.format("%.1f s", micros / 1_000_000);
  }
}
