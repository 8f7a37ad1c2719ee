package udpchat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import udpchat.config.ChatSettings;
import udpchat.protocol.PacketCodec;

/**
 * Table distribution at scale: 10,000 simulated clients register over real UDP with a real server
 * (in this JVM, its journal in memory) and stay online, so every registration is a change every
 * other online client must learn. Then a client's table must equal the server's: the first
 * client (online from the start, it has had every change as an update) and one registered
 * midway, both followed by the load generator by the protocol's rules; the server's table is what
 * a client registering last is sent whole (in conf_reg and its parts, about 40 datagrams). No
 * timing is asserted; the counts go to standard output.
 */
class TableAtScaleIT {
  private static final int CLIENTS = Integer.getInteger("udpchat.scale.clients", 10_000);
  private static final long PATIENCE = 600_000_000_000L;
  /** Registrations in flight at once: a crowd arriving together. */
  private static final int WINDOW = 64;
  /**
   * The journal in memory, each write in time proportional to its own size ({@code MemoryJournal}):
   * Pekko's test kit journal reads and rewrites a persistence id's whole store on each write, so
   * the directory's thousands of writes cost the square of their number there (a third of this
   * test's CPU), which no real journal does.
   */
  private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString("""
      pekko.persistence.journal.plugin = "udpchat-memory-journal"
      udpchat-memory-journal.class = "udpchat.server.MemoryJournal"
      """).withFallback(ConfigFactory.load()));
  private static final ChatSettings SETTINGS = InProcessServer.SETTINGS;

  /** The tests' log takes UdpChat's DEBUG lines: millions here, which this test is not about. */
  private static final Logger UDPCHAT = (Logger) LoggerFactory.getLogger("udpchat");
  private static final Level LOGGED = UDPCHAT.getLevel();

  @BeforeAll
  static void quieter() {
    UDPCHAT.setLevel(Level.INFO);
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
    UDPCHAT.setLevel(LOGGED);
  }

  @Test
  void tenThousandClientsRegisterAndAClientsTableEqualsTheServers() throws Exception {
    InProcessServer server = InProcessServer.start(testKit, "scale-server");
    PacketCodec codec = new PacketCodec(SETTINGS.maxDatagramBytes());
    long started = System.nanoTime();
    try (LoadGenerator generator =
        new LoadGenerator(server.address(), codec, 10)) {
      List<SimulatedClient> clients = generator.open(CLIENTS, "client-");
      List<SimulatedClient> followed = List.of(clients.get(0), clients.get(CLIENTS / 2));
      for (SimulatedClient client : followed) {
        generator.track(client);
      }
      Batch batch = generator.register(clients, WINDOW, PATIENCE);
      assertEquals(CLIENTS, batch.answered(), "registered; " + generator.errorSamples());
      assertEquals(0, batch.refused(), generator.errorSamples().toString());
      generator.quiet(1_000_000_000L, 120_000_000_000L);
      TableCheck check = TableCheck.run(generator, clients, followed);
      System.out.printf("%d clients registered and checked in %.1f s: %s%n", CLIENTS,
          (System.nanoTime() - started) / 1e9, check.report());
      assertTrue(check.equal(), check.report());
    }
  }
}
