package udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import udpchat.config.ChatSettings;
import udpchat.testing.ErrorLog;
import udpchat.testing.FuzzStep;
import udpchat.testing.FuzzTries;
import udpchat.testing.FuzzTries.DatagramsPerTry;

/**
 * A live client, online or offline, against generated datagrams (issue 5.4): garbage, mutated
 * packets, server packets with right, missing and wrong tokens and from the wrong address, direct
 * messages from listed, moved and unknown peers, stray answers, repeats. Nothing may escape the
 * actor or end it; the person sees exactly the deliveries the client may accept, each once, in
 * order; the table is the last one the server sent; and nothing is sent to an address no table
 * listed.
 */
@AddLifecycleHook(FuzzTries.class)
class ClientFuzzTest {
  private static final int STEPS = 50;

  private static ActorTestKit testKit;
  private static ErrorLog errors;

  @BeforeContainer
  static void start() {
    testKit = ActorTestKit.create(ConfigFactory.load());
    errors = ErrorLog.watch();
  }

  @AfterContainer
  static void stop() {
    errors.close();
    testKit.shutdownTestKit();
  }

  @Property
  @DatagramsPerTry(STEPS)
  void theClientShowsExactlyWhatItMayAcceptAndNothingEscapes(
      @ForAll boolean offline, @ForAll("runs") List<FuzzStep> steps) {
    ClientFuzzHarness run = new ClientFuzzHarness(testKit, ChatSettings.defaults());
    errors.clear();
    try {
      run.start(offline);
      steps.forEach(run::run);
      List<String> expected = run.expectedLines();
      assertEquals(expected, run.actualLines());
      run.console.expectNoMoreLines();
      run.checkDestinations();
      assertNull(run.exit.get(), "the client did not end");
      assertEquals(List.of(), errors.errors(), "nothing logged at ERROR");
      Statistics.label("lines shown").collect(bucket(expected.size()));
    } finally {
      run.stop();
    }
  }

  @Provide
  Arbitrary<List<FuzzStep>> runs() {
    return FuzzStep.steps(ClientFuzzHarness.Kind.values().length).list().ofSize(STEPS);
  }

  private static String bucket(int n) {
    return n < 5 ? "<5" : n < 10 ? "5-9" : n < 20 ? "10-19" : "20+";
  }
}
