package udpchat.bench;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import udpchat.protocol.Packet;
import udpchat.protocol.PacketCodec;
import udpchat.protocol.Timestamps;

/**
 * (f) Offline stores per second, over real UDP: one sender sends {@code to_offline} for clients
 * that have gone offline (dereg), at most {@code window} unanswered at a time; each ACK comes once
 * the message is in the journal (H2 in a file by default). Spread over several recipients, as a
 * mailbox holds at most max-stored-messages (1000). (e) The heap per stored message from the same
 * run.
 */
final class OfflineStores {
  /** The message stored: 100 characters. */
  static final String TEXT =
      ("an offline message for the benchmark, one hundred characters long " + "x".repeat(100))
          .substring(0, 100);

  record Result(LogVariant logging, Batch batch, HeapGrowth heap) {
    double perSecond() {
      return batch.answered() / (batch.elapsedNanos() / 1e9);
    }
  }

  private OfflineStores() {}

  /** On a server of its own (H2, the default). */
  static Result run(BenchOptions options, PacketCodec codec, LogVariant logging, boolean heap)
      throws Exception {
    try (ServerNodes server = ServerNodes.one(
        ServerProcess.start(options.jar(), options.out(), "offline", logging, options.keep()))) {
      return run(options, codec, logging, heap, server);
    }
  }

  /** On {@code servers}, the clients spread over its nodes; heap: of the first node. */
  static Result run(BenchOptions options, PacketCodec codec, LogVariant logging, boolean heap,
      ServerNodes servers) throws Exception {
    int messages = options.offlineMessages();
    int recipients = options.offlineRecipients() > 0
        ? options.offlineRecipients() : Math.max(1, (messages + 799) / 800);
    long limit = 300_000_000_000L;
    ServerProcess server = servers.node(0);
    try (LoadGenerator generator = new LoadGenerator(servers.addresses(), codec, servers.requestAttempts())) {
      SimulatedClient sender = generator.open(1, "sender").get(0);
      SimulatedClient filler = generator.open(1, "filler").get(0);
      List<SimulatedClient> away = generator.open(recipients, "away");
      List<SimulatedClient> all = new ArrayList<>(List.of(sender, filler));
      all.addAll(away);
      HeapGrowth.requireAll(generator.register(all, options.window(), limit), all.size(),
          "registration", generator.errorSamples());
      // On a cluster, a node's table may not list a client registered through another yet.
      generator.quiet(300_000_000L, 30_000_000_000L);
      HeapGrowth.requireAll(
          generator.batch(recipients, options.window(), limit,
              i -> new LoadGenerator.Spec(away.get(i),
                  id -> new Packet.Dereg(id, away.get(i).name, away.get(i).token))),
          recipients, "dereg", generator.errorSamples());
      generator.quiet(300_000_000L, 30_000_000_000L);
      HeapProbe.Histogram before = null;
      if (heap) {
        HeapGrowth.fillRecentIds(generator, filler, options.window());
        before = HeapProbe.histogram(server.pid());
      }
      Benchmark.progress(messages + " offline stores (" + logging.description + ")");
      String time = Timestamps.now(Clock.systemDefaultZone());
      Batch batch =
          generator.batch(messages, options.window(), limit,
              i -> new LoadGenerator.Spec(sender,
                  id -> new Packet.ToOffline(id, sender.name, away.get(i % recipients).name, time,
                      TEXT, sender.token)));
      HeapGrowth.requireAll(batch, messages, "to_offline", generator.errorSamples());
      generator.quiet(300_000_000L, 30_000_000_000L);
      HeapGrowth growth =
          heap ? HeapGrowth.measure(server.pid(), before, messages, generator, filler,
              options.window()) : null;
      return new Result(logging, batch, growth);
    }
  }
}
