package udpchat.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.Packet;
import udpchat.protocol.PacketCodec;

/**
 * (b) Group-chat fan-out: a sender and N recipients, all online, simulated by one
 * {@link LoadGenerator}. Per round the sender sends {@code GC}; each recipient ACKs its copy at
 * once. Measured from the generator's System.nanoTime() just before the send:
 *
 * <ul>
 *   <li>to the last line: the arrival of the last recipient's copy at the generator (when a real
 *       client would print it);
 *   <li>to the last ACK: the server's "round over" log line, whose end nanoTime is the server
 *       taking the last ACK (same clock: CLOCK_MONOTONIC); a server without that line falls back
 *       to the generator sending the last ACK, which is earlier by one hop.
 * </ul>
 *
 * (c) The same with every tenth recipient silently gone: it gets its copy but never ACKs. The
 * round then ends at the ACK timeout (500 ms), once for all of them: "round over" is the server's
 * line (or, without it, the first mailbox offer to a silent one, which follows right after the
 * round and the journal write of their copies). After the round the silent ones ACK that offer,
 * which brings them back online for the next round (README: a client found silent may be alive).
 * Recipients are registered step by step: 10, then 90 more, then 900 more.
 *
 * <p>Each round is over at the server (its line, or the sender's table showing everyone online
 * again) before the next starts. A round whose copies or ACKs get lost is counted apart, with the
 * kernel's UDP drop counters, since its times say more about the loss than about the server.
 */
final class FanOut {
  /**
   * One N: medians and p99 over the measured rounds. {@code incomplete}: rounds in which not
   * every live recipient got its copy within {@link #ROUND_TIMEOUT_NANOS}; {@code fewestCopies}:
   * the fewest copies that arrived in a round; {@code fewestCounted}: the fewest ACKs the server
   * counted in a round (-1: unknown); {@code lossy}: rounds with copies or ACKs lost; {@code
   * cpu}: what the servers used over the measured rounds.
   */
  record Row(
      int recipients,
      int silent,
      Stats toLastLine,
      Stats toLastAck,
      Stats toRoundEnd,
      int rounds,
      int incomplete,
      int fewestCopies,
      int fewestCounted,
      int lossy,
      UdpCounters drops,
      ProcessCpu.Usage cpu) {}

  /** {@code serverTimes}: the "to the last ACK" times are the server's. */
  record Result(
      LogVariant logging,
      List<Row> rows,
      boolean serverTimes,
      int revived,
      long stashDrops,
      long queueDrops,
      String note) {}

  private static final long ROUND_TIMEOUT_NANOS = 3_000_000_000L;

  private enum RoundLines { UNKNOWN, WITH_END_TIME, WITHOUT_END_TIME, NONE }

  private final LoadGenerator generator;
  private final ServerNodes servers;
  private final ServerRoundLog roundLog;
  private final BenchOptions options;
  private final List<Integer> sizes;
  private final boolean withSilent;
  private SimulatedClient sender;
  private RoundLines roundLines = RoundLines.UNKNOWN;
  private int missedRoundLines;
  private int roundNumber;
  private int revived;
  private final Map<String, SimulatedClient> byName = new HashMap<>();

  private FanOut(LoadGenerator generator, ServerNodes servers, BenchOptions options,
      List<Integer> sizes, boolean withSilent) {
    this.generator = generator;
    this.servers = servers;
    this.roundLog = new ServerRoundLog(servers.node(0).log());
    this.options = options;
    this.sizes = sizes;
    this.withSilent = withSilent;
  }

  /** (b) and (c) on a server of their own, N of {@code bench.fanout.sizes}. */
  static Result run(BenchOptions options, PacketCodec codec, LogVariant logging) throws Exception {
    try (ServerNodes server = ServerNodes.one(
        ServerProcess.start(options.jar(), options.out(), "fanout", logging, options.keep()))) {
      return run(options, codec, logging, server, options.fanOutSizes(), true);
    }
  }

  /**
   * Fan-out to each of {@code sizes} on {@code servers}, the recipients spread over its nodes;
   * the sender talks to the first node, whose log has the round's line (its gateway sends the
   * copies and takes the ACKs). {@code withSilent}: also the rounds with 10% silent.
   */
  static Result run(BenchOptions options, PacketCodec codec, LogVariant logging,
      ServerNodes servers, List<Integer> sizes, boolean withSilent) throws Exception {
    try (LoadGenerator generator = new LoadGenerator(servers.addresses(), codec, servers.requestAttempts())) {
      FanOut fanOut = new FanOut(generator, servers, options, sizes, withSilent);
      List<Row> rows = fanOut.runAll(logging);
      boolean serverTimes = fanOut.roundLines == RoundLines.WITH_END_TIME;
      String note = serverTimes ? ""
          : "the server logs no \"round over … end nanoTime=…\" line"
              + (fanOut.roundLines == RoundLines.WITHOUT_END_TIME ? " with an end time" : "")
              + ": \"to the last ACK\" is when the generator sent it";
      return new Result(logging, rows, serverTimes, fanOut.revived,
          servers.countLogLines("Stash buffer is full"),
          servers.countLogLines("socket send buffer full"),
          note);
    }
  }

  private List<Row> runAll(LogVariant logging) throws IOException {
    sender = generator.open(1, "sender").get(0);
    generator.track(sender);
    register(List.of(sender));
    byName.put(sender.name, sender);
    List<SimulatedClient> recipients = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    int warmup = options.quick() ? 3 : 5;
    for (int n : sizes) {
      List<SimulatedClient> more = generator.open(n - recipients.size(), "r" + n + "_");
      Benchmark.progress("fan-out to " + n + " (" + logging.description + ")");
      register(more);
      recipients.addAll(more);
      more.forEach(client -> byName.put(client.name, client));
      settle(recipients.size() + 1);
      rows.add(rounds(recipients, Set.of(), warmup, options.fanOutRounds()));
      if (!withSilent) {
        continue;
      }
      Set<SimulatedClient> silent = new HashSet<>();
      for (int i = 9; i < recipients.size(); i += 10) {
        silent.add(recipients.get(i));
      }
      rows.add(rounds(recipients, silent, 1, options.silentRounds()));
    }
    return rows;
  }

  private void register(List<SimulatedClient> clients) {
    HeapGrowth.requireAll(
        generator.register(clients, options.window(), 120_000_000_000L), clients.size(),
        "registration", generator.errorSamples());
  }

  /** Waits until the table updates are over and the sender's table shows everyone online. */
  private void settle(int online) {
    generator.quiet(300_000_000L, 60_000_000_000L);
    if (!generator.runUntil(() -> allOnline(online), 3_000_000_000L)) {
      generator.sync(sender);
      generator.runUntil(() -> allOnline(online), 5_000_000_000L);
    }
  }

  private boolean allOnline(int online) {
    List<ClientEntry> table = sender.table.entries();
    return !sender.table.incomplete()
        && table.size() == online
        && table.stream().allMatch(ClientEntry::online);
  }

  /** What one round came to. */
  private record Round(
      boolean complete, long toLastLine, long toLastAck, long toRoundEnd, int copies,
      int counted) {}

  private Row rounds(
      List<SimulatedClient> recipients, Set<SimulatedClient> silent, int warmup, int measured) {
    silent.forEach(client -> client.acksGroupMessages = false);
    List<Long> lines = new ArrayList<>();
    List<Long> acks = new ArrayList<>();
    List<Long> ends = new ArrayList<>();
    int incomplete = 0;
    int lossy = 0;
    int fewestCopies = Integer.MAX_VALUE;
    int fewestCounted = Integer.MAX_VALUE;
    int live = recipients.size() - silent.size();
    UdpCounters before = UdpCounters.now();
    ProcessCpu.Sample cpuBefore = servers.cpu();
    long deadline = System.nanoTime() + (options.quick() ? 30L : 60L) * 1_000_000_000L;
    int done = 0;
    try {
      for (int round = 0; round < warmup + measured; round++) {
        if (round > warmup + 2 && System.nanoTime() > deadline) {
          break; // lossy rounds take seconds each to recover from: enough of them
        }
        Round result = round(recipients, silent);
        done = round + 1 - warmup;
        if (round < warmup) {
          before = UdpCounters.now();
          cpuBefore = servers.cpu();
          continue;
        }
        fewestCopies = Math.min(fewestCopies, result.copies());
        if (result.counted() >= 0) {
          fewestCounted = Math.min(fewestCounted, result.counted());
        }
        if (result.copies() < live || (result.counted() >= 0 && result.counted() < live)) {
          lossy++;
        }
        if (!result.complete()) {
          incomplete++;
          continue;
        }
        lines.add(result.toLastLine());
        acks.add(result.toLastAck());
        if (result.toRoundEnd() > 0) {
          ends.add(result.toRoundEnd());
        }
      }
    } finally {
      silent.forEach(client -> client.acksGroupMessages = true);
    }
    return new Row(recipients.size(), silent.size(), Stats.of(lines), Stats.of(acks),
        Stats.of(ends), Math.max(done, 0), incomplete, fewestCopies,
        fewestCounted == Integer.MAX_VALUE ? -1 : fewestCounted, lossy,
        UdpCounters.now().since(before), servers.cpu().since(cpuBefore));
  }

  private Round round(List<SimulatedClient> recipients, Set<SimulatedClient> silent) {
    int online = recipients.size() + 1;
    if (!allOnline(online)) {
      settle(online); // the previous round lost someone: wait until it is back
    }
    LoadGenerator.GroupProbe probe = new LoadGenerator.GroupProbe();
    generator.probe(probe);
    roundLog.skipToEnd();
    int live = recipients.size() - silent.size();
    boolean[] acked = {false};
    String text = "group message " + ++roundNumber;
    long start = System.nanoTime();
    generator.request(sender, id -> new Packet.GroupChat(id, sender.name, text, sender.token),
        (reply, nanos) -> acked[0] = reply instanceof Packet.Ack);
    boolean complete =
        generator.runUntil(
            () -> probe.arrivals >= live && acked[0]
                && (silent.isEmpty() || probe.mailboxOffers > 0),
            ROUND_TIMEOUT_NANOS);
    ServerRoundLog.RoundEnd end = roundEnd(recipients.size(), start, 3);
    long serverEnd = end == null ? -1 : end.endNanos();
    long lastAck = !silent.isEmpty() || serverEnd < 0 ? probe.lastAckSent : serverEnd;
    long roundEnd = silent.isEmpty() ? -1 : serverEnd > 0 ? serverEnd : probe.firstMailboxOffer;
    Round result = new Round(complete, probe.lastArrival - start, lastAck - start,
        roundEnd <= 0 ? -1 : roundEnd - start, probe.arrivals,
        end == null ? -1 : end.answered());
    if (!silent.isEmpty()) {
      // The silent ones ACK the mailbox the server offers them, and are online again.
      generator.runUntil(() -> probe.mailboxOffers >= silent.size(), 5_000_000_000L);
      recover(online, false);
      generator.quiet(100_000_000L, 5_000_000_000L);
    } else {
      if (end == null) {
        // No sign of the round's end: give the server's ACK timeout the time to show a loss.
        generator.runFor(LoadGenerator.ACK_TIMEOUT_NANOS + 100_000_000L);
      }
      boolean lost = !complete || (end != null && end.answered() >= 0 && end.answered() < live);
      if (lost || probe.mailboxOffers > 0) {
        recover(online, end != null);
      }
    }
    generator.probe(null);
    return result;
  }

  /**
   * After a round that lost copies or ACKs: the server marks the ones it did not hear from
   * offline and offers them their mailbox, which the generator ACKs, so they come back. If some
   * do not (the offer or its ACK lost too), they send reg, as a client that knows it was away.
   */
  private void recover(int online, boolean expectChange) {
    if (expectChange) {
      generator.runUntil(() -> !allOnline(online), 1_500_000_000L);
    }
    if (generator.runUntil(() -> allOnline(online), 3_000_000_000L)) {
      return;
    }
    generator.sync(sender);
    generator.runFor(100_000_000L);
    List<SimulatedClient> away = new ArrayList<>();
    for (ClientEntry entry : sender.table.entries()) {
      SimulatedClient client = byName.get(entry.name());
      if (!entry.online() && client != null) {
        away.add(client);
      }
    }
    revived += away.size();
    generator.batch(away.size(), options.window(), 30_000_000_000L,
        i -> new LoadGenerator.Spec(away.get(i),
            id -> new Packet.Reg(id, away.get(i).name, away.get(i).token)));
    generator.runUntil(() -> allOnline(online), 5_000_000_000L);
  }

  /** The server's line for the round of this size that started at {@code start}, or null. */
  private ServerRoundLog.RoundEnd roundEnd(int size, long start, int seconds) {
    if (roundLines == RoundLines.NONE) {
      return null;
    }
    AtomicReference<ServerRoundLog.RoundEnd> found = new AtomicReference<>();
    generator.runUntil(
        () -> {
          roundLog.read();
          roundLog.take(end -> end.size() == size && (end.endNanos() < 0 || end.endNanos() > start))
              .ifPresent(found::set);
          return found.get() != null;
        },
        seconds * 1_000_000_000L);
    ServerRoundLog.RoundEnd end = found.get();
    if (end == null) {
      if (++missedRoundLines >= 2 && roundLines == RoundLines.UNKNOWN) {
        roundLines = RoundLines.NONE;
      }
      return null;
    }
    missedRoundLines = 0;
    if (roundLines == RoundLines.UNKNOWN) {
      roundLines = end.endNanos() > 0 ? RoundLines.WITH_END_TIME : RoundLines.WITHOUT_END_TIME;
    }
    return end;
  }
}
