package udpchat.durable;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The crash scenario with the default journal: H2 in files under the data directory. */
class H2ServerCrashTest extends ServerCrashScenario {
  @Override
  List<String> storeSettings() {
    return List.of("-Dudpchat.store=h2");
  }

  @Test
  void aServerKilledRightAfterASaveAckLosesNothing() throws Exception {
    crashRightAfterASaveAckLosesNothing();
  }

  @Test
  void aRetryOfARequestStoredBeforeTheCrashIsStoredOnce() throws Exception {
    retryOfAStoredRequestAfterACrashIsStoredOnce();
  }
}
