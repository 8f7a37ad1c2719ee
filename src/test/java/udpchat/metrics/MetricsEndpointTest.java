package udpchat.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import udpchat.client.ClientActor;
import udpchat.config.ChatSettings;
import udpchat.testing.BufferConsole;
import udpchat.testing.FreePorts;
import udpchat.testing.RealUdpChat;

/**
 * A real server with its Prometheus endpoint, two clients on real UDP: the endpoint is scraped
 * while they chat, and its numbers are what happened (registrations, a message stored for an
 * offline client, its delivery and receipt).
 */
class MetricsEndpointTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final ChatSettings SETTINGS = ChatSettings.defaults();
  /** Gauges read often, so the test need not wait long for them. */
  private static final MetricsSettings FAST =
      new MetricsSettings(0, "127.0.0.1", Duration.ofMillis(50), Duration.ofMinutes(1));
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  /** {@code name{labels} value} or {@code name value}, one sample of the text format. */
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-z_]+(?:\\{[^}]*\\})?) ([-+0-9.eE]+|NaN)$", Pattern.MULTILINE);

  private final HttpClient http = HttpClient.newHttpClient();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void theEndpointCountsWhatTheClientsDid() throws Exception {
    int serverPort = FreePorts.next();
    int xPort = FreePorts.next();
    int yPort = FreePorts.next();
    RealUdpChat chat = new RealUdpChat(testKit, SETTINGS);
    ServerMetrics metrics = ServerMetrics.forPrometheus();
    try (MetricsEndpoint endpoint =
        MetricsEndpoint.start(
            metrics.prometheus().orElseThrow(), new InetSocketAddress("127.0.0.1", 0))) {
      URI uri = URI.create("http://127.0.0.1:" + endpoint.address().getPort() + "/metrics");
      BufferConsole server = new BufferConsole();
      chat.startServer(serverPort, server, metrics, FAST);
      server.expectLines(">>> [Server listening on port " + serverPort + ".]");

      BufferConsole x = new BufferConsole();
      ActorRef<ClientActor.Command> xClient = chat.startClient("x", xPort, serverPort, x);
      x.expectLines(">>> [Welcome, You are registered.]");
      BufferConsole y = new BufferConsole();
      ActorRef<ClientActor.Command> yClient = chat.startClient("y", yPort, serverPort, y);
      y.expectLines(">>> [Welcome, You are registered.]");
      Map<String, Double> registered = scrapeUntil(uri, s -> s.get(CLIENTS_ONLINE) == 2.0);
      assertEquals(2.0, registered.get(requests("freg")));
      // A freg sent again (its conf_reg late, on a busy machine) is read and answered again, but
      // acted on once.
      assertTrue(registered.get(datagramsIn("freg")) >= 2.0);
      assertEquals(registered.get(datagramsIn("freg")), registered.get(datagramsOut("conf_reg")));

      yClient.tell(new ClientActor.Typed("dereg"));
      y.expectLines(">>> [You are Offline. Bye.]");
      // x may not have y's table_update yet: then its message tries y directly first, and the
      // server finds y offline all the same.
      scrapeUntil(uri, s -> s.get(CLIENTS_ONLINE) == 1.0);
      xClient.tell(new ClientActor.Typed("send y hi offline y"));
      String saved = lastLineMatching(x, "received by the server and saved.]");
      Map<String, Double> stored = scrapeUntil(uri, s -> s.get("udpchat_mailbox_messages") == 1.0);
      assertEquals(1.0, stored.get("udpchat_messages_stored_total{kind=\"direct\"}"));
      assertEquals(1.0, stored.get("udpchat_mailboxes"));
      assertEquals(1.0, stored.get(requests("dereg")));
      assertEquals(1.0, stored.get(requests("to_offline")));

      yClient.tell(new ClientActor.Typed("reg"));
      y.expectLines(">>> [RegSent]", ">>> [You have offline messages:]");
      assertTrue(y.nextLine().endsWith(" hi offline y"));
      String time = saved.replaceAll(".*sent at (\\S+) .*", "$1");
      x.expectLines(">>>  [Offline Message sent at " + time + " received by y.]");
      Map<String, Double> delivered =
          scrapeUntil(uri, s -> s.get("udpchat_mailbox_messages") == 0.0
              && s.getOrDefault("udpchat_deliveries_total{outcome=\"acked\"}", 0.0) == 2.0);
      // The mailbox and the receipt: each pushed (and sent again only if its ACK was late), each
      // ACKed.
      assertTrue(delivered.get(datagramsOut("offline_messages")) >= 1.0);
      assertTrue(delivered.get(datagramsOut("receipt")) >= 1.0);
      assertEquals(0.0, delivered.get("udpchat_deliveries_total{outcome=\"timed_out\"}"));
      assertEquals(1.0, delivered.get(requests("reg")));
      assertEquals(2.0, delivered.get(CLIENTS_ONLINE));
      assertEquals(0.0, delivered.get("udpchat_rounds_in_progress"));
      assertEquals(0.0, delivered.get("udpchat_datagrams_rejected_total"));
      // Every change was written before it was answered: two registrations, dereg, the stored
      // message, reg, the delivered mailbox.
      assertTrue(delivered.get("udpchat_journal_writes_seconds_count") >= 5.0,
          "journal writes: " + delivered.get("udpchat_journal_writes_seconds_count"));
      assertTrue(delivered.get("udpchat_table_version") >= 4.0);
    }
  }

  private static final String CLIENTS_ONLINE = "udpchat_clients{state=\"online\"}";

  private static String requests(String type) {
    return "udpchat_requests_total{type=\"" + type + "\"}";
  }

  private static String datagramsIn(String type) {
    return "udpchat_datagrams_in_total{type=\"" + type + "\"}";
  }

  private static String datagramsOut(String type) {
    return "udpchat_datagrams_out_total{type=\"" + type + "\"}";
  }

  /** Reads lines until one ends with {@code ending}; returns it. */
  private static String lastLineMatching(BufferConsole console, String ending) {
    for (int read = 0; read < 5; read++) {
      String line = console.nextLine();
      if (line.endsWith(ending)) {
        return line;
      }
    }
    throw new AssertionError("no line ending with " + ending + " in " + console.lines());
  }

  /** Scrapes until the samples satisfy {@code done} (gauges follow the registry a little late). */
  private Map<String, Double> scrapeUntil(URI uri, Predicate<Map<String, Double>> done)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    Map<String, Double> samples = scrape(uri);
    while (!matches(done, samples)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the metrics never got there: " + samples);
      }
      Thread.sleep(20);
      samples = scrape(uri);
    }
    return samples;
  }

  private static boolean matches(Predicate<Map<String, Double>> done, Map<String, Double> samples) {
    try {
      return done.test(samples);
    } catch (NullPointerException missing) {
      return false; // a meter not there yet
    }
  }

  private Map<String, Double> scrape(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    Map<String, Double> samples = new HashMap<>();
    Matcher sample = SAMPLE.matcher(response.body());
    while (sample.find()) {
      samples.put(sample.group(1), Double.parseDouble(sample.group(2)));
    }
    return samples;
  }
}
