package udpchat.bench;

/**
 * What a batch of requests came to: the latency of each answered one and when it was answered
 * (ns after the start, in order), how many were refused (error, no_reg), went unanswered after
 * every attempt, or were never sent because the time was up.
 */
record Batch(
    long[] latencies,
    long[] completions,
    int answered,
    int refused,
    int unanswered,
    int notSent,
    long elapsedNanos) {

  /** Answers per second over the last {@code last} answers (or all there are). */
  double recentRate(int last) {
    int n = completions.length;
    if (n < 2) {
      return 0;
    }
    int from = Math.max(0, n - 1 - last);
    return (n - 1 - from) / ((completions[n - 1] - completions[from]) / 1e9);
  }
}
