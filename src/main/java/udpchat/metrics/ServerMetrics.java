package udpchat.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import udpchat.transport.DatagramCounters;

/**
 * The server's counters and timings, for an operator: datagrams in, out, rejected and
 * rate-limited (counted by the socket), requests acted on and refused by type, deliveries ACKed and timed out, messages
 * stored by kind, journal write latency, and the registry's gauges (table version, clients,
 * mailboxes, rounds in progress). Micrometer meters are thread-safe; the registry actor and the
 * socket's threads only add to them, and the gauges are values the registry reports ({@link
 * RegistryGauges}), never a view into its state.
 */
public final class ServerMetrics implements DatagramCounters {
  private final MeterRegistry registry;
  private final Optional<PrometheusMeterRegistry> prometheus;
  private final Map<String, Counter> received = new ConcurrentHashMap<>();
  private final Map<String, Counter> sent = new ConcurrentHashMap<>();
  private final Map<String, Counter> requests = new ConcurrentHashMap<>();
  private final Map<String, Counter> refused = new ConcurrentHashMap<>();
  private final Map<String, Counter> stored = new ConcurrentHashMap<>();
  private final Counter rejected;
  private final Counter sendFailed;
  private final Counter rateLimited;
  private final Counter acked;
  private final Counter timedOut;
  private final Timer journalWrites;
  private final AtomicLong roundsInProgress = new AtomicLong();
  private final AtomicLong tableVersion = new AtomicLong();
  private final AtomicLong clientsOnline = new AtomicLong();
  private final AtomicLong clientsOffline = new AtomicLong();
  private final AtomicLong storedMessages = new AtomicLong();
  private final AtomicLong mailboxes = new AtomicLong();
  private final AtomicLong largestMailbox = new AtomicLong();
  /** Each client's mailbox size, as its entity last wrote it; only non-empty ones. */
  private final Map<String, Integer> mailboxSizes = new ConcurrentHashMap<>();

  private ServerMetrics(MeterRegistry registry, Optional<PrometheusMeterRegistry> prometheus) {
    this.registry = registry;
    this.prometheus = prometheus;
    this.rejected =
        Counter.builder("udpchat.datagrams.rejected")
            .description("datagrams read and refused by the codec")
            .register(registry);
    this.sendFailed =
        Counter.builder("udpchat.datagrams.send.failed")
            .description("datagrams that could not be sent (too large, send buffer full)")
            .register(registry);
    this.rateLimited =
        Counter.builder("udpchat.datagrams.rate.limited")
            .description("datagrams dropped unread: their source was over its rate limit")
            .register(registry);
    this.acked = deliveries("acked");
    this.timedOut = deliveries("timed_out");
    this.journalWrites =
        Timer.builder("udpchat.journal.writes")
            .description("from handing a command's events to the journal to their being written")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    gauge("udpchat.rounds.in.progress", roundsInProgress, "delivery rounds waiting for answers");
    gauge("udpchat.table.version", tableVersion, "the client table's version");
    Gauge.builder("udpchat.clients", clientsOnline, AtomicLong::get)
        .tag("state", "online").description("registered clients").register(registry);
    Gauge.builder("udpchat.clients", clientsOffline, AtomicLong::get)
        .tag("state", "offline").description("registered clients").register(registry);
    gauge("udpchat.mailbox.messages", storedMessages, "messages stored for offline clients");
    gauge("udpchat.mailboxes", mailboxes, "clients with at least one stored message");
    gauge("udpchat.mailbox.largest", largestMailbox, "messages in the fullest mailbox");
  }

  /** Metrics that a Prometheus endpoint can show ({@link #prometheus()}). */
  public static ServerMetrics forPrometheus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return new ServerMetrics(registry, Optional.of(registry));
  }

  /** Metrics kept in memory only: for the log's summary line and for tests. */
  public static ServerMetrics inMemory() {
    return new ServerMetrics(new SimpleMeterRegistry(), Optional.empty());
  }

  public Optional<PrometheusMeterRegistry> prometheus() {
    return prometheus;
  }

  // ---- The socket (DatagramCounters) ----------------------------------------------------------

  @Override
  public void received(String type) {
    typed(received, "udpchat.datagrams.in", "datagrams read and decoded", type).increment();
  }

  @Override
  public void rejected() {
    rejected.increment();
  }

  @Override
  public void sent(String type) {
    typed(sent, "udpchat.datagrams.out", "datagrams sent", type).increment();
  }

  @Override
  public void sendFailed() {
    sendFailed.increment();
  }

  @Override
  public void rateLimited() {
    rateLimited.increment();
  }

  // ---- The registry -----------------------------------------------------------------------------

  /** A client request acted on (its first copy; repeats are answered, not counted again). */
  public void requestAccepted(String type) {
    typed(requests, "udpchat.requests", "requests acted on", type).increment();
  }

  /** A client request refused: not registered, wrong address or session, too long, … */
  public void requestRefused(String type) {
    typed(refused, "udpchat.requests.refused", "requests refused", type).increment();
  }

  /** A delivery round is over: how many recipients answered, how many did not in time. */
  public void roundFinished(int answered, int unanswered) {
    acked.increment(answered);
    timedOut.increment(unanswered);
    roundsInProgress.decrementAndGet();
  }

  public void roundStarted() {
    roundsInProgress.incrementAndGet();
  }

  /** A message put in an offline mailbox: {@code kind} is direct, group or receipt. */
  public void messageStored(String kind) {
    tagged(stored, "udpchat.messages.stored", "messages stored for offline clients", "kind", kind)
        .increment();
  }

  /**
   * {@code client}'s mailbox holds {@code size} messages now: told by its entity after each write
   * and when it starts, so the gauges need not wake every entity to count them.
   */
  public void mailboxSize(String client, int size) {
    if (size == 0) {
      mailboxSizes.remove(client);
    } else {
      mailboxSizes.put(client, size);
    }
  }

  /** The non-empty mailboxes' sizes as their entities last told them. */
  public Map<String, Integer> mailboxSizes() {
    return Map.copyOf(mailboxSizes);
  }

  public void journalWritten(Duration took) {
    journalWrites.record(took);
  }

  /** The registry's state as it last reported it. */
  public void update(RegistryGauges gauges) {
    tableVersion.set(gauges.tableVersion());
    clientsOnline.set(gauges.online());
    clientsOffline.set(gauges.offline());
    storedMessages.set(gauges.storedMessages());
    mailboxes.set(gauges.mailboxes());
    largestMailbox.set(gauges.largestMailbox());
  }

  /**
   * One line for the log: every count since the server started, and the gauges as last reported,
   * e.g. {@code datagrams in 12 out 14 rejected 0 send-failed 0; requests freg 2 …}.
   */
  public String summary() {
    double p50 = 0;
    double p99 = 0;
    for (ValueAtPercentile value : journalWrites.takeSnapshot().percentileValues()) {
      if (value.percentile() == 0.5) {
        p50 = value.value(TimeUnit.MILLISECONDS);
      } else if (value.percentile() == 0.99) {
        p99 = value.value(TimeUnit.MILLISECONDS);
      }
    }
    return String.format(
        "datagrams in %d out %d rejected %d rate-limited %d send-failed %d; requests %s;"
            + " refused %s; "
            + "deliveries acked %d timed-out %d; stored %s; mailboxes %d (%d messages, largest %d);"
            + " table version %d (%d online, %d offline); journal writes %d (p50 %.1f ms, p99 %.1f"
            + " ms); rounds in progress %d",
        total(received), total(sent), (long) rejected.count(), (long) rateLimited.count(),
        (long) sendFailed.count(),
        byType(requests), byType(refused), (long) acked.count(), (long) timedOut.count(),
        byType(stored), mailboxes.get(), storedMessages.get(), largestMailbox.get(),
        tableVersion.get(), clientsOnline.get(), clientsOffline.get(), journalWrites.count(),
        p50, p99, roundsInProgress.get());
  }

  /** Datagrams dropped unread for their source's rate limit, since the start. */
  public long datagramsRateLimited() {
    return (long) rateLimited.count();
  }

  /** The count of one meter, for tests and the summary: 0 when nothing was counted yet. */
  public long count(String name, String type) {
    Map<String, Counter> meters =
        switch (name) {
          case "udpchat.datagrams.in" -> received;
          case "udpchat.datagrams.out" -> sent;
          case "udpchat.requests" -> requests;
          case "udpchat.requests.refused" -> refused;
          case "udpchat.messages.stored" -> stored;
          default -> throw new IllegalArgumentException("no counter by type named " + name);
        };
    Counter counter = meters.get(type);
    return counter == null ? 0 : (long) counter.count();
  }

  private Counter deliveries(String outcome) {
    return Counter.builder("udpchat.deliveries")
        .description("packets pushed to clients and waited on, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  private void gauge(String name, AtomicLong value, String description) {
    Gauge.builder(name, value, AtomicLong::get).description(description).register(registry);
  }

  private Counter typed(Map<String, Counter> meters, String name, String description, String type) {
    return tagged(meters, name, description, "type", type);
  }

  /** The counter of {@code name} for one value of its tag, made the first time it is counted. */
  private Counter tagged(
      Map<String, Counter> meters, String name, String description, String tag, String value) {
    Counter counter = meters.get(value); // the common case, without computeIfAbsent's lock
    if (counter == null) {
      counter = meters.computeIfAbsent(value, v -> Counter.builder(name)
          .description(description).tag(tag, v).register(registry));
    }
    return counter;
  }

  private static long total(Map<String, Counter> meters) {
    return meters.values().stream().mapToLong(c -> (long) c.count()).sum();
  }

  private static String byType(Map<String, Counter> meters) {
    if (meters.isEmpty()) {
      return "none";
    }
    return meters.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + " " + (long) e.getValue().count())
        .collect(Collectors.joining(", "));
  }
}
