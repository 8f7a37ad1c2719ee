package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The benchmark still runs, on a small load, so its figures can be trusted when it is run. */
class JournalBenchmarkTest {
  @Test
  void storesAndRecoversEveryMessageInMemoryAndOnDisk() throws Exception {
    for (String journal : new String[] {"memory", "h2"}) {
      JournalBenchmark.Result result = JournalBenchmark.run(journal, 300);
      assertEquals(300, result.stored(), journal);
      assertTrue(result.storesPerSecond() > 0, journal);
    }
  }
}
