package udpchat.bench;

import java.util.List;
import udpchat.config.ChatSettings;
import udpchat.protocol.Packet;

/**
 * Server heap growth over a step of the benchmark, per item added (client or stored message),
 * from two or three {@link HeapProbe} histograms. The server remembers its answers to the last
 * recent-ids requests (to answer a repeat the same way), a bounded memory that a step of thousands
 * of requests fills: {@link #fillRecentIds} fills it beforehand with small answers, so it counts
 * the same in both histograms, and fills it again afterwards to see what the remembered answers
 * of the step itself held.
 *
 * @param before live bytes before the step (recent-ids memory full of small answers)
 * @param after live bytes right after the step
 * @param afterFlush live bytes after the recent-ids memory was filled with small answers again
 * @param h2Growth how much of the growth (to afterFlush) is objects of H2's classes: mostly its
 *     page cache (bounded by H2's cache size), which grows with the journal file; the pages' byte
 *     arrays come on top and cannot be told apart from others
 */
record HeapGrowth(
    long before, long after, long afterFlush, int items, long h2Growth, String topGrowth) {

  long perItem() {
    return (after - before) / items;
  }

  /** Without what the remembered answers of the step held (they are bounded, not per item). */
  long perItemWithoutAnswers() {
    return (afterFlush - before) / items;
  }

  /**
   * Sends more no-op requests than the server remembers, from {@code client}: dereg of a client
   * that is offline already (after the first) changes nothing and is answered with a small ack.
   */
  static void fillRecentIds(LoadGenerator generator, SimulatedClient client, int window) {
    int count = ChatSettings.defaults().recentIds() + 128;
    Batch batch =
        generator.batch(count, window, 120_000_000_000L,
            i -> new LoadGenerator.Spec(
                client, id -> new Packet.Dereg(id, client.name, client.token)));
    if (batch.answered() < count * 9 / 10) {
      throw new IllegalStateException("only " + batch.answered() + " of " + count
          + " no-op requests answered: " + generator.errorSamples());
    }
    generator.quiet(200_000_000L, 10_000_000_000L);
  }

  /** A step's growth, with the flush and the three histograms. */
  static HeapGrowth measure(
      long pid, HeapProbe.Histogram before, int items, LoadGenerator generator,
      SimulatedClient filler, int window) throws Exception {
    HeapProbe.Histogram after = HeapProbe.histogram(pid);
    fillRecentIds(generator, filler, window);
    HeapProbe.Histogram flushed = HeapProbe.histogram(pid);
    return new HeapGrowth(before.totalBytes(), after.totalBytes(), flushed.totalBytes(), items,
        flushed.bytesOf("org.h2.") - before.bytesOf("org.h2."), flushed.topGrowth(before, 5));
  }

  static void requireAll(Batch batch, int count, String what, List<String> errors) {
    if (batch.answered() != count) {
      throw new IllegalStateException(what + ": " + batch.answered() + " of " + count
          + " answered (" + batch.refused() + " refused, " + batch.unanswered()
          + " unanswered, " + batch.notSent() + " not sent in time); " + errors);
    }
  }
}
