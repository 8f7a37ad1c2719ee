package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A freg as the entity of its name sees it, from whichever node's gateway: in a cluster a client
 * whose server is slow to answer sends its freg again to the next node, which has never seen it.
 */
class ClientEntityRegistrationTest {
  private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.load());
  private static final InetSocketAddress X = new InetSocketAddress("127.0.0.1", 3333);

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aRepeatOfTheFregThatMadeTheSessionIsConfirmedAgainNotARestart() {
    EntitiesUnderTest host = new EntitiesUnderTest(testKit, Duration.ofMinutes(2));
    host.tell("x", new ClientProtocol.Register(X, 7));
    String token = listed(host).token();

    // The client sends it again, through another node, until it hears (the first listing's answer
    // may reach the entity after the first of these: then that one is in progress, ignored).
    Gateway.Confirm again = host.directory.awaitAssert(Duration.ofSeconds(5), () -> {
      host.tell("x", new ClientProtocol.Register(X, 7));
      return listed(host, Duration.ofMillis(300));
    });
    assertEquals(new Gateway.Confirm("x", X, 7, token), again, "the same session");
    host.gateway.expectNoMessage(Duration.ofMillis(200)); // no mailbox for a new session

    host.tell("x", new ClientProtocol.Register(X, 8)); // the client's process restarted
    assertNotEquals(token, listed(host).token(), "a new session");
    host.gateway.fishForMessage(Duration.ofSeconds(3), message -> message instanceof Gateway.Deliver
        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore()); // its mailbox
  }

  /** The entity's report to the directory with the conf_reg to send; the directory lists it. */
  private static Gateway.Confirm listed(EntitiesUnderTest host) {
    return listed(host, Duration.ofSeconds(3));
  }

  private static Gateway.Confirm listed(EntitiesUnderTest host, Duration within) {
    Directory.Report report =
        assertInstanceOf(Directory.Report.class, host.directory.receiveMessage(within));
    report.replyTo().tell(new Directory.Listed());
    return report.confirm();
  }
}
