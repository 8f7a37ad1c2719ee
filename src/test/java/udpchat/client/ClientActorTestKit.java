package udpchat.client;

import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import udpchat.config.ChatSettings;

/** One actor system with manual time per test class; each test makes its own client. */
abstract class ClientActorTestKit {
  static ActorTestKit testKit;
  static ManualTime manualTime;

  @BeforeAll
  static void startSystem() {
    testKit = ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load()));
    manualTime = ManualTime.get(testKit.system());
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  static ClientFixture newClient() {
    return new ClientFixture(testKit, manualTime);
  }

  /** A client given these servers, in this order. */
  static ClientFixture newClientOf(InetSocketAddress... servers) {
    return new ClientFixture(testKit, manualTime, List.of(servers));
  }

  /** The same with other settings. */
  static ClientFixture newClientOf(ChatSettings settings, InetSocketAddress... servers) {
    return new ClientFixture(testKit, manualTime, List.of(servers), settings);
  }
}
