package udpchat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import udpchat.protocol.PacketCodec;

/**
 * (d) Registering N clients with a fresh server, all staying online (at most {@code window} freg
 * unanswered at a time; no more are sent once the time limit is up, and what got registered by
 * then is what is measured), then a check that a sampled client's table equals the server's; and (e)
 * the server's heap per registered client. Each registration is one journal write, a conf_reg, and
 * a share of the table_update broadcasts (the server coalesces the changes waiting in its mailbox
 * into one update to every online client), so the cost grows with N.
 * The check ({@link TableCheck}) follows the table of the first client and of one drawn at
 * random.
 */
final class Registration {
  record Result(
      int clients,
      long limitNanos,
      LogVariant logging,
      Batch batch,
      boolean tablesEqual,
      String tableCheck,
      HeapGrowth heap,
      long datagramsIn,
      long tableUpdatesSkipped,
      long retries,
      long droppedAtServer,
      long stashDrops,
      long serverLogBytes) {}

  private Registration() {}

  /** On a server of its own (heap: with its heap per client, measured after entity-idle). */
  static Result run(BenchOptions options, PacketCodec codec, int n, LogVariant logging,
      boolean heap) throws Exception {
    try (ServerNodes server = ServerNodes.one(
        ServerProcess.start(options.jar(), options.out(), "register-" + n, logging,
            options.keep(), Map.of("entity-idle", options.entityIdleSeconds() + "s")))) {
      return run(options, codec, n, logging, heap, server);
    }
  }

  /** On {@code servers}, the clients spread over its nodes; heap: of the first node. */
  static Result run(BenchOptions options, PacketCodec codec, int n, LogVariant logging,
      boolean heap, ServerNodes servers) throws Exception {
    long limit = options.registerLimitSeconds() * 1_000_000_000L;
    ServerProcess server = servers.node(0);
    try (LoadGenerator generator = new LoadGenerator(servers.addresses(), codec, servers.requestAttempts())) {
      SimulatedClient filler = generator.open(1, "filler").get(0);
      HeapGrowth.requireAll(generator.register(List.of(filler), 1, limit), 1, "filler",
          generator.errorSamples());
      HeapProbe.Histogram before = null;
      if (heap) {
        HeapGrowth.fillRecentIds(generator, filler, options.window());
        before = HeapProbe.histogram(server.pid());
      }
      List<SimulatedClient> clients = generator.open(n, "c");
      List<SimulatedClient> followed = new ArrayList<>(List.of(clients.get(0)));
      Random random = new Random();
      for (int i = 0; i < 3; i++) {
        followed.add(clients.get(1 + random.nextInt(n - 1)));
      }
      for (SimulatedClient client : followed) {
        generator.track(client);
      }
      Benchmark.progress("registering " + n + " clients (" + logging.description + ")");
      Batch batch = generator.register(clients, options.window(), limit);
      if (batch.answered() == 0 || batch.refused() > 0) {
        HeapGrowth.requireAll(batch, n, "registration", generator.errorSamples());
      }
      List<SimulatedClient> registered = clients.stream().filter(c -> c.registered).toList();
      generator.quiet(1_000_000_000L, 120_000_000_000L);
      if (heap) {
        // The clients stay online but say nothing: their entities stop, as a long-running
        // server's idle clients' do.
        Thread.sleep((options.entityIdleSeconds() + 3) * 1000L);
      }
      HeapGrowth growth =
          heap ? HeapGrowth.measure(server.pid(), before, registered.size(), generator, filler,
              options.window())
              : null;
      // The first client, and the first of the random ones that got registered.
      List<SimulatedClient> sampled = new ArrayList<>(List.of(followed.get(0)));
      followed.stream().skip(1).filter(c -> c.registered).findFirst().ifPresent(sampled::add);
      TableCheck check = TableCheck.run(generator, registered, sampled);
      return new Result(n, limit, logging, batch, check.equal(), check.report(), growth,
          generator.datagramsIn, generator.tableUpdatesSkipped,
          generator.retries, servers.countLogLines("socket send buffer full"),
          servers.countLogLines("Stash buffer is full"), servers.logBytes());
    }
  }
}
