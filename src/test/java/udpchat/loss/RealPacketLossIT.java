package udpchat.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import udpchat.console.Console;
import udpchat.testing.LossyNamespace;

/**
 * Real packet loss between real processes: a server and three clients, each {@code java -jar
 * target/udpchat.jar}, in a network namespace of their own whose loopback loses 20% of all UDP
 * datagrams at random (iptables' statistic match, {@link LossyNamespace}), in real time with the
 * built-in ACK timeout. The people at the clients chat: direct messages, group messages, messages
 * to a client that has gone offline, its {@code reg}, and last words from everyone. Then, from
 * what the nodes printed ({@link Ledger}, as in the simulated loss test): every message was shown
 * exactly once by each recipient, or its sender was told it failed; nothing was shown that was not
 * sent; every saved message brought its sender one receipt; every message saved for the offline
 * client was shown at its reg; and no client that is alive and believes itself online is offline
 * in the server's table (no orphan).
 *
 * <p>Unlike the simulated network, the same datagram may be lost any number of times: a client
 * whose request goes unanswered five times prints "[Server not responding]" and exits, and its
 * person starts it again (that counts as reg). Needs root, {@code ip} and {@code iptables}: skipped
 * without them, and the namespace is deleted afterwards whatever happens. The transcripts, logs
 * and standard error are in target/real-loss/; the counts go to standard output
 * (target/failsafe-reports/udpchat.loss.RealPacketLossIT-output.txt).
 */
class RealPacketLossIT {
  private static final Path JAR = Path.of(System.getProperty("udpchat.jar", "target/udpchat.jar"));
  private static final Path WORK_DIR = Path.of("target", "real-loss");
  private static final double LOSS = 0.20;
  /** How long one command may take, JVM start-up and every retry included. */
  private static final Duration PATIENCE = Duration.ofSeconds(40);
  /** After the last words: time for mailbox offers, re-announcements and their retries. */
  private static final Duration SETTLE = Duration.ofSeconds(20);
  /** Once settled: long enough for anything shown twice to show (two ACK timeouts). */
  private static final Duration GRACE = Duration.ofSeconds(1);
  private static final int TRIES = 3;
  private static final Pattern TIME = Pattern.compile("\\d\\d:\\d\\d:\\d\\d");
  /** The client that goes offline. It starts first: a and b learn of it from their own conf_reg. */
  private static final String C = "c";
  private static final String B = "b";
  private static final String A = "a";

  /** A line typed at a client: what it sends (or null) and whether its person is online after. */
  private record Command(String client, String line, Ledger.Sent message, boolean onlineAfter) {}

  /** A command in flight: where it started in its client's transcript. */
  private record InFlight(Command command, int start) {}

  private final Ledger ledger = new Ledger();
  private final List<Ledger.Sent> finished = new ArrayList<>();
  private final Map<String, Boolean> believedOnline = new HashMap<>();
  private RealProcessChat chat;
  private int exits;
  private int texts;

  @Test
  void everyMessageIsShownOnceAndNoLiveClientIsLeftOffline() {
    Optional<String> unavailable = LossyNamespace.whyUnavailable();
    Assumptions.assumeTrue(unavailable.isEmpty(), () -> "skipped: " + unavailable.orElseThrow());
    assertTrue(Files.isRegularFile(JAR), "no " + JAR.toAbsolutePath() + ": run mvn package first");
    long started = System.nanoTime();
    LossyNamespace namespace;
    try {
      namespace = LossyNamespace.create(LOSS);
    } catch (LossyNamespace.Unavailable refused) {
      Assumptions.abort("skipped: " + refused.getMessage());
      return;
    }
    try (namespace;
        RealProcessChat chat =
            new RealProcessChat(namespace, JAR, WORK_DIR, List.of(C, B, A), PATIENCE)) {
      this.chat = chat;
      try {
        chatAndCheck(namespace, started);
      } finally {
        dumpTranscripts();
      }
    }
  }

  private void chatAndCheck(LossyNamespace namespace, long started) {
    List.of(C, B, A).forEach(this::startClient);
    round(direct(A, B), direct(B, C), direct(C, A));
    round(direct(A, C), direct(B, A), direct(C, B));
    round(group(A), group(B), group(C));
    MailboxAtReg mailbox = offlineAndBack();
    round(direct(A, B), direct(B, C), direct(C, A));
    round(group(C), group(B), group(A));
    RealProcessChat.await(() -> audit().losses() == 0 && orphans().isEmpty(), SETTLE);
    RealProcessChat.pause(GRACE);

    Ledger.Audit audit = audit();
    List<String> orphans = orphans();
    LossyNamespace.Counts lost = namespace.counts();
    System.out.printf(
        "Real packet loss, server and 3 clients in namespace %s:%n  %s%n  %s%n"
            + "  clients that exited by themselves (then started again): %d%n"
            + "  saved for %s while offline: %d, not shown at its reg: %s%n"
            + "  at the end: online by themselves but offline in the server's table: %s%n"
            + "  wall time %.1f s%n",
        namespace.name(), lost, audit.counts().replace("\n", "\n  "), exits, C,
        mailbox.saved(), mailbox.missing(), orphans,
        Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
    audit.problems().forEach(problem -> System.out.println("  problem: " + problem));

    audit.assertClean("\nsee " + WORK_DIR);
    assertEquals(List.of(), mailbox.missing(), "saved for " + C + " but not shown at its reg");
    assertEquals(List.of(), orphans, "alive and online by themselves, offline to the server");
    // The run did what it is for: real loss, both ways of delivery, a mailbox at reg.
    assertTrue(lost.datagrams() > 100 && lost.dropRate() > LOSS / 2, lost.toString());
    assertTrue(audit.deliveredLive() > 0 && audit.deliveredStored() > 0, audit.counts());
    assertTrue(mailbox.saved() > 0, "nothing was saved for " + C + " while it was offline");
  }

  /** How many messages were saved for the offline client, and which of them its reg did not show. */
  private record MailboxAtReg(int saved, List<String> missing) {}

  /**
   * The offline client: c goes offline (again, if its dereg went unanswered and it exited), a and
   * b send it messages and a group message, then c comes back with reg and must show each one
   * the server saved for it.
   */
  private MailboxAtReg offlineAndBack() {
    for (int tries = 0; believedOnline.get(C) && tries < TRIES; tries++) {
      round(new Command(C, "dereg", null, false));
    }
    int offlineFrom = finished.size();
    round(direct(A, C), direct(B, C));
    round(group(A), direct(B, C));
    Map<String, Pattern> saved =
        storedLines(List.copyOf(finished.subList(offlineFrom, finished.size())));
    int regStart = chat.transcript(C).size();
    round(new Command(C, "reg", null, true));
    RealProcessChat.await(() -> missingSince(regStart, saved).isEmpty(), PATIENCE);
    return new MailboxAtReg(saved.size(), missingSince(regStart, saved));
  }

  private Command direct(String from, String to) {
    String text = nextText();
    return new Command(from, "send " + to + " " + text,
        new Ledger.Sent(text, Ledger.Kind.DIRECT, from, to, List.of()), true);
  }

  private Command group(String from) {
    String text = nextText();
    return new Command(from, "send_all " + text,
        new Ledger.Sent(text, Ledger.Kind.GROUP, from, null, List.of()), true);
  }

  private String nextText() {
    return String.format("m%04d", ++texts);
  }

  /**
   * Types each command (and the probe after it) at once, so they cross on the network, then waits
   * for all of them; a client that exited is started again by its person.
   */
  private void round(Command... commands) {
    List<InFlight> inFlight = new ArrayList<>();
    for (Command command : commands) {
      if (command.message() != null) {
        ledger.record(command.message()); // replaced by what its sender saw once it is done
      }
      inFlight.add(new InFlight(command, chat.transcript(command.client()).size()));
      chat.type(command.client(), command.line());
      chat.type(command.client(), LossRun.PROBE);
    }
    for (InFlight flight : inFlight) {
      String client = flight.command().client();
      int end = awaitEnd(client, flight.start(), flight.command().line());
      if (flight.command().message() != null) {
        Ledger.Sent told =
            flight.command().message().told(chat.transcript(client).between(flight.start(), end));
        ledger.record(told);
        finished.add(told);
      }
      believedOnline.put(client, flight.command().onlineAfter());
      if (chat.hasExited(client)) {
        exits++;
        startClient(client);
      }
    }
  }

  /** Starts a client's process (again) until one has registered: its probe is answered. */
  private void startClient(String client) {
    for (int tries = 0; tries < TRIES; tries++) {
      int start = chat.transcript(client).size();
      chat.start(client);
      chat.type(client, LossRun.PROBE);
      awaitEnd(client, start, "(start)");
      if (!chat.hasExited(client)) {
        believedOnline.put(client, true);
        return;
      }
      exits++;
    }
    throw new AssertionError(client + " did not register in " + TRIES + " starts: "
        + chat.transcript(client).all());
  }

  /** Where the command's probe was answered, or the transcript's end once the client exited. */
  private int awaitEnd(String client, int start, String what) {
    Transcript transcript = chat.transcript(client);
    int[] end = {-1};
    boolean ended = RealProcessChat.await(() -> {
      boolean exited = chat.hasExited(client);
      List<String> lines = transcript.all();
      int answer = lines.subList(start, lines.size()).indexOf(LossRun.PROBE_ANSWER);
      end[0] = answer >= 0 ? start + answer : exited ? lines.size() : -1;
      return end[0] >= 0;
    }, PATIENCE);
    if (!ended) {
      throw new AssertionError(client + ": " + what + " did not finish within " + PATIENCE + ": "
          + transcript.all() + "; see " + chat.workDir());
    }
    return end[0];
  }

  /**
   * The lines the offline client must show from its mailbox, by message text: each direct message
   * the server saved for it, each group message the server acknowledged while it was offline.
   */
  private static Map<String, Pattern> storedLines(List<Ledger.Sent> whileOffline) {
    Map<String, Pattern> lines = new LinkedHashMap<>();
    for (Ledger.Sent sent : whileOffline) {
      if (sent.kind() == Ledger.Kind.DIRECT && C.equals(sent.to())
          && sent.outcome() == Ledger.Outcome.SAVED) {
        lines.put(sent.text(), storedLine(sent.from() + ": ", sent.text()));
      } else if (sent.kind() == Ledger.Kind.GROUP && !C.equals(sent.from())
          && sent.outcome() == Ledger.Outcome.CONFIRMED) {
        lines.put(sent.text(), storedLine("Group Chat " + sent.from() + ": ", sent.text()));
      }
    }
    return lines;
  }

  private static Pattern storedLine(String before, String text) {
    return Pattern.compile(
        Pattern.quote(Console.PROMPT + before) + TIME.pattern() + Pattern.quote(" " + text));
  }

  /** The texts of {@code expected} that c has not shown since transcript line {@code start}. */
  private List<String> missingSince(int start, Map<String, Pattern> expected) {
    List<String> lines = chat.transcript(C).all();
    List<String> since = lines.subList(start, lines.size());
    return expected.entrySet().stream()
        .filter(line -> since.stream().noneMatch(shown -> line.getValue().matcher(shown).matches()))
        .map(Map.Entry::getKey)
        .toList();
  }

  private Ledger.Audit audit() {
    return ledger.audit(chat.transcripts(), chat.startsAfterExit());
  }

  /** Clients whose person believes them online (all alive) that the server's last table lists offline. */
  private List<String> orphans() {
    Map<String, Boolean> table = chat.serverTranscript().lastTable();
    return believedOnline.entrySet().stream()
        .filter(person -> person.getValue() && !table.getOrDefault(person.getKey(), false))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  private void dumpTranscripts() {
    try {
      Files.write(chat.workDir().resolve("server.txt"), chat.serverTranscript().all());
      for (Map.Entry<String, Transcript> client : chat.transcripts().entrySet()) {
        Files.write(chat.workDir().resolve(client.getKey() + ".txt"), client.getValue().all());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
