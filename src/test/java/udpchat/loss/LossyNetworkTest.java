package udpchat.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The loss test: a server and ten clients on a network where every link loses 20% of the
 * datagrams, delivers 5% twice and holds each copy back up to 150 ms, so they also overtake each
 * other. The clients exchange random direct, offline and group messages, go offline and come
 * back, and leave silently and start again; at the end everyone comes back online and the run
 * settles. Then every message must have been shown exactly once by each of its recipients (live
 * or from the mailbox), or its sender must have been told that it failed; no client may show a
 * message line that was not sent to it; and each message the server saved for a recipient must
 * have brought its sender one receipt.
 *
 * <p>The lossy links lose the same datagram (same bytes, same direction) at most twice, but links
 * also go down for a while (outages, {@link LossRun}): then everything on them is lost, every
 * retry and every mailbox offer, so clients are found silent while alive, and a client can see
 * "[Server not responding]" and exit; its message counts as reported failed and its person starts
 * it again. At the end, no client that believes itself online may be offline in the server's
 * table, and no mailbox may hold anything.
 *
 * <p>The run is the same for the same seed: one thread, virtual time, seeded random decisions.
 * {@code -Dudpchat.loss.messages=N} (default 1000) and {@code -Dudpchat.loss.seed=S} (default 5)
 * change it; {@code -Dudpchat.loss.dump=true} writes every transcript to target/loss/. The counts
 * go to standard output (with Maven, target/surefire-reports/udpchat.loss.LossyNetworkTest-output.txt).
 */
class LossyNetworkTest {
  private static final int MESSAGES = Integer.getInteger("udpchat.loss.messages", 1000);
  private static final long SEED = Long.getLong("udpchat.loss.seed", 5);
  private static final boolean DUMP = Boolean.getBoolean("udpchat.loss.dump");
  private static final List<String> NAMES =
      IntStream.range(0, 10).mapToObj(i -> "c" + i).toList();

  @Test
  void everyMessageIsShownOnceOrItsSenderIsToldItFailed() {
    long started = System.nanoTime();
    Ledger.Audit audit;
    LossRun.Activity activity;
    long virtualMillis;
    List<String> orphans;
    long storedAtTheEnd;
    try (LossyChat chat = new LossyChat(SEED, NAMES, 0.20, 0.05, Duration.ofMillis(150))) {
      LossRun run = new LossRun(chat, NAMES, SEED);
      Ledger ledger = run.play(MESSAGES);
      Map<String, Transcript> transcripts = new LinkedHashMap<>();
      NAMES.forEach(name -> transcripts.put(name, chat.transcript(name)));
      audit = ledger.audit(transcripts, chat.startsAfterExit());
      activity = run.activity();
      // Everyone is back online and the run has settled: the server must agree.
      Map<String, Boolean> serverTable = chat.serverTable();
      orphans =
          run.believedOnline().stream()
              .filter(name -> !serverTable.getOrDefault(name, false))
              .toList();
      storedAtTheEnd = chat.storedMessages();
      virtualMillis = chat.virtualMillis();
      if (DUMP) {
        dump(transcripts, chat.serverTranscript());
      }
    }
    long realMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    System.out.printf(
        "Loss test, seed %d, 10 clients, 20%% loss, 5%% duplicates, delays up to 150 ms:%n  %s%n"
            + "  %s%n  at the end: online by themselves but offline in the server's table: %s,"
            + " messages still in mailboxes: %d%n  virtual time %.1f s, real time %.1f s%n",
        SEED,
        audit.counts().replace("\n", "\n  "),
        activity.toString().replace("\n", "\n  "),
        orphans,
        storedAtTheEnd,
        virtualMillis / 1000.0,
        realMillis / 1000.0);
    audit.problems().forEach(problem -> System.out.println("  problem: " + problem));

    assertEquals(MESSAGES, audit.sentDirect() + audit.sentGroup());
    audit.assertClean("");
    assertEquals(List.of(), orphans, "clients that believe themselves online, offline to the server");
    assertEquals(0, storedAtTheEnd, "messages left in the mailboxes of clients all online");
    // The run did what it is for: both ways of delivery, leaves and returns.
    assertTrue(audit.deliveredLive() > 0 && audit.deliveredStored() > 0, audit.counts());
    assertTrue(activity.silentLeaves() > 0 && activity.deregs() > 0, activity.toString());
    assertTrue(activity.longOutages() > 0, activity.toString());
  }

  private static void dump(Map<String, Transcript> transcripts, Transcript server) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "loss"));
      Files.write(dir.resolve("server.txt"), server.all());
      for (Map.Entry<String, Transcript> client : transcripts.entrySet()) {
        Files.write(dir.resolve(client.getKey() + ".txt"), client.getValue().all());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
