package udpchat.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import udpchat.console.Console;
import udpchat.console.ConsoleLines;

/**
 * Every message sent in a run (each text unique), what its sender was told, and the audit of the
 * clients' transcripts against it: each message must end shown exactly once by each of its
 * recipients (live or from the mailbox), or with its sender told that it failed; nothing may be
 * shown that was not sent to that client by that sender; and every message the server saved must
 * bring its sender one receipt. A message may be both shown and reported failed (shown, but the
 * ACK lost every time): that is no loss. A group message is for every other client (all are
 * registered from the start).
 */
final class Ledger {
  enum Kind {
    DIRECT,
    GROUP
  }

  /** What the sender's screen said about its message. */
  enum Outcome {
    /** "[Message received by y.]" or "[Group Message received by Server.]" */
    CONFIRMED,
    /** "[Offline Message sent at T received by the server and saved.]" */
    SAVED,
    /** "[Message to y not delivered.]", "…not saved: mailbox full.]", "[Server not responding]" */
    FAILED,
    /** "[No client named y.]": the sender's table does not list y (yet); nothing was sent */
    REFUSED_AT_PROMPT,
    /** the command ended without a line about the message: a bug */
    UNTOLD
  }

  /** One message: its unique text, who sent it to whom (null for a group), what the sender saw. */
  record Sent(String text, Kind kind, String from, String to, List<String> senderLines) {
    /** This message as its sender saw it: the "[…]" lines of the command that sent it. */
    Sent told(List<String> commandLines) {
      return new Sent(text, kind, from, to,
          commandLines.stream().filter(line -> line.startsWith(Console.PROMPT + "[")).toList());
    }

    Outcome outcome() {
      String peer = to == null ? "" : to;
      if (senderLines.contains(prompt(ConsoleLines.noSuchClient(peer)))) {
        return Outcome.REFUSED_AT_PROMPT;
      }
      for (String line : senderLines) {
        if (line.equals(prompt(ConsoleLines.notDelivered(peer)))
            || line.equals(prompt(ConsoleLines.notSavedMailboxFull(peer)))
            || line.equals(prompt(ConsoleLines.serverNotResponding()))
            || line.startsWith(prompt("[Server refused the request: "))) {
          return Outcome.FAILED;
        }
      }
      for (String line : senderLines) {
        if (line.equals(prompt(ConsoleLines.messageReceivedBy(peer)))
            || line.equals(prompt(ConsoleLines.groupReceivedByServer()))) {
          return Outcome.CONFIRMED;
        }
        if (SAVED_LINE.matcher(line).matches()) {
          return Outcome.SAVED;
        }
      }
      return Outcome.UNTOLD;
    }

    /** The time in "[Offline Message sent at T … saved.]", which the receipt repeats. */
    String savedAt() {
      for (String line : senderLines) {
        Matcher m = SAVED_LINE.matcher(line);
        if (m.matches()) {
          return m.group(1);
        }
      }
      return null;
    }

    boolean senderTold() {
      Outcome outcome = outcome();
      return outcome == Outcome.FAILED || outcome == Outcome.REFUSED_AT_PROMPT;
    }
  }

  /** The counts a run prints, and the problems the audit found (each described for a person). */
  record Audit(
      int sentDirect,
      int sentGroup,
      int deliveries,
      int deliveredLive,
      int deliveredStored,
      int reportedFailed,
      int refusedAtPrompt,
      int failedButDelivered,
      int losses,
      int duplicates,
      int shownAgainAfterExit,
      int phantoms,
      int untold,
      int receiptsDue,
      int receiptsShown,
      int receiptProblems,
      List<String> problems) {

    /**
     * Fails the test when anything was lost silently, shown twice, shown though never sent, left
     * without an outcome, or its receipt went wrong; {@code seeAlso} ends the failure's message.
     */
    void assertClean(String seeAlso) {
      String listed = String.join("\n", problems) + seeAlso;
      assertEquals(0, losses, "silent losses:\n" + listed);
      assertEquals(0, duplicates, "duplicates:\n" + listed);
      assertEquals(0, phantoms, "lines never sent:\n" + listed);
      assertEquals(0, untold, "commands without an outcome:\n" + listed);
      assertEquals(0, receiptProblems, "receipts:\n" + listed);
      assertTrue(problems.isEmpty(), listed);
    }

    String counts() {
      return String.format(
          "sent: %d direct, %d group (%d deliveries due)%n"
              + "delivered: %d live, %d stored%n"
              + "reported failed to the sender: %d (%d of them delivered all the same),"
              + " refused at the prompt: %d%n"
              + "losses: %d, duplicates: %d, lines never sent: %d, commands without an outcome: %d%n"
              + "shown again by a client's next process after it exited by itself: %d%n"
              + "receipts for saved messages: %d due, %d shown, %d missing, repeated or stray",
          sentDirect,
          sentGroup,
          deliveries,
          deliveredLive,
          deliveredStored,
          reportedFailed,
          failedButDelivered,
          refusedAtPrompt,
          losses,
          duplicates,
          phantoms,
          untold,
          shownAgainAfterExit,
          receiptsDue,
          receiptsShown,
          receiptProblems);
    }
  }

  private static final String TIME = "\\d\\d:\\d\\d:\\d\\d";
  private static final String NAME = "[A-Za-z0-9_.-]+";
  private static final Pattern SAVED_LINE =
      Pattern.compile(
          Pattern.quote(Console.PROMPT + "[Offline Message sent at ")
              + "("
              + TIME
              + ")"
              + Pattern.quote(" received by the server and saved.]"));
  private static final Pattern LIVE_DIRECT = Pattern.compile(">>> (" + NAME + "): (m\\d+)");
  private static final Pattern STORED_DIRECT =
      Pattern.compile(">>> (" + NAME + "): " + TIME + " (m\\d+)");
  private static final Pattern LIVE_GROUP = Pattern.compile(">>> Group Chat (" + NAME + "):  (m\\d+)");
  private static final Pattern STORED_GROUP =
      Pattern.compile(">>> Group Chat (" + NAME + "): " + TIME + " (m\\d+)");
  private static final Pattern RECEIPT =
      Pattern.compile(
          Pattern.quote(Console.PROMPT + " [Offline Message sent at ")
              + "("
              + TIME
              + ") received by ("
              + NAME
              + ")\\.\\]");
  private static final Pattern ANY_TEXT = Pattern.compile("\\bm\\d{4,}\\b");

  private static final int PROBLEMS_SHOWN = 30;

  private final Map<String, Sent> sent = new LinkedHashMap<>();

  void record(Sent message) {
    sent.put(message.text(), message);
  }

  int size() {
    return sent.size();
  }

  /** A line that shows a message: who shows it, from whom, and whether from the mailbox. */
  private record Shown(String recipient, String from, Kind kind, boolean stored, int line) {}

  /**
   * Audits every client's transcript (by client name) against what was sent. {@code
   * startsAfterExit} gives, per client, the transcript positions where a process started after
   * the one before it exited by itself: a client keeps no memory across processes, so what the
   * old one showed with every ACK lost (then exited, "[Server not responding]") its next process
   * shows again. That is counted apart; every other repeat is a duplicate.
   */
  Audit audit(Map<String, Transcript> transcripts, Map<String, List<Integer>> startsAfterExit) {
    List<String> problems = new ArrayList<>();
    Map<String, List<Shown>> shown = new LinkedHashMap<>();
    int phantoms = 0;
    for (Map.Entry<String, Transcript> client : transcripts.entrySet()) {
      List<String> lines = client.getValue().all();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        Shown seen = parse(client.getKey(), line, i + 1);
        if (seen == null) {
          if (ANY_TEXT.matcher(line).find()) {
            phantoms++;
            problems.add(client.getKey() + " line " + (i + 1) + " is not a message line: " + line);
          }
          continue;
        }
        String text = textOf(line);
        Sent message = sent.get(text);
        if (message == null
            || !message.from().equals(seen.from())
            || message.kind() != seen.kind()
            || !recipientsOf(message, transcripts).contains(seen.recipient())) {
          phantoms++;
          problems.add(
              client.getKey() + " line " + (i + 1) + " shows what was not sent to it: " + line);
          continue;
        }
        shown.computeIfAbsent(text, t -> new ArrayList<>()).add(seen);
      }
    }

    int sentDirect = 0;
    int sentGroup = 0;
    int deliveries = 0;
    int live = 0;
    int stored = 0;
    int failed = 0;
    int refused = 0;
    int failedButDelivered = 0;
    int losses = 0;
    int duplicates = 0;
    int shownAgainAfterExit = 0;
    int untold = 0;
    for (Sent message : sent.values()) {
      if (message.kind() == Kind.DIRECT) {
        sentDirect++;
      } else {
        sentGroup++;
      }
      Ledger.Outcome outcome = message.outcome();
      if (outcome == Outcome.FAILED) {
        failed++;
      } else if (outcome == Outcome.REFUSED_AT_PROMPT) {
        refused++;
      } else if (outcome == Outcome.UNTOLD) {
        untold++;
        problems.add(describe(message, "its sender was told nothing about it"));
      }
      boolean deliveredAnywhere = false;
      List<Shown> all = shown.getOrDefault(message.text(), List.of());
      for (String recipient : recipientsOf(message, transcripts)) {
        deliveries++;
        List<Shown> here = all.stream().filter(s -> s.recipient().equals(recipient)).toList();
        if (here.isEmpty() && !message.senderTold()) {
          losses++;
          problems.add(describe(message, recipient + " never showed it"));
        }
        int repeats = here.size() - 1;
        for (int i = 1; i < here.size(); i++) {
          if (newProcessBetween(here.get(i - 1), here.get(i),
              startsAfterExit.getOrDefault(recipient, List.of()))) {
            shownAgainAfterExit++;
            repeats--;
          }
        }
        if (repeats > 0) {
          duplicates += repeats;
          problems.add(
              describe(
                  message,
                  recipient
                      + " showed it "
                      + here.size()
                      + " times, at lines "
                      + here.stream().map(s -> (s.stored() ? "stored " : "live ") + s.line()).toList()));
        }
        if (!here.isEmpty()) {
          deliveredAnywhere = true;
          if (here.get(0).stored()) {
            stored++;
          } else {
            live++;
          }
        }
      }
      if (deliveredAnywhere && message.senderTold()) {
        failedButDelivered++;
      }
    }
    int[] receipts = auditReceipts(transcripts, startsAfterExit, problems);
    return new Audit(
        sentDirect,
        sentGroup,
        deliveries,
        live,
        stored,
        failed,
        refused,
        failedButDelivered,
        losses,
        duplicates,
        shownAgainAfterExit,
        phantoms,
        untold,
        receipts[0],
        receipts[1],
        receipts[2],
        problems.size() > PROBLEMS_SHOWN
            ? List.copyOf(problems.subList(0, PROBLEMS_SHOWN))
            : List.copyOf(problems));
  }

  /**
   * A sender told "[Offline Message sent at T received by the server and saved.]" must see the
   * receipt " [Offline Message sent at T received by y.]" once y has the message: as many receipts
   * for (y, T) as messages saved for y at T. A message handed to the server whose sender then saw
   * "[Server not responding]" may have been saved all the same: it may add one receipt (at a time
   * the sender was never shown). Returns {due, shown, problems}.
   */
  private int[] auditReceipts(
      Map<String, Transcript> transcripts,
      Map<String, List<Integer>> startsAfterExit,
      List<String> problems) {
    Map<String, Integer> due = new LinkedHashMap<>();
    Map<String, Integer> mayBeSaved = new LinkedHashMap<>();
    for (Sent message : sent.values()) {
      if (message.outcome() == Outcome.SAVED) {
        due.merge(message.from() + " <- " + message.to() + " at " + message.savedAt(), 1, Integer::sum);
      } else if (message.kind() == Kind.DIRECT
          && message.senderLines().contains(prompt(ConsoleLines.serverNotResponding()))) {
        mayBeSaved.merge(message.from() + " <- " + message.to(), 1, Integer::sum);
      }
    }
    Map<String, Integer> shown = new LinkedHashMap<>();
    // A receipt shown again by the next process of a client that exited by itself (see audit).
    Map<String, Integer> againAfterExit = new LinkedHashMap<>();
    for (Map.Entry<String, Transcript> client : transcripts.entrySet()) {
      List<String> lines = client.getValue().all();
      List<Integer> starts = startsAfterExit.getOrDefault(client.getKey(), List.of());
      Map<String, Integer> lastAt = new LinkedHashMap<>();
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = RECEIPT.matcher(lines.get(i));
        if (m.matches()) {
          String key = client.getKey() + " <- " + m.group(2) + " at " + m.group(1);
          shown.merge(key, 1, Integer::sum);
          Integer before = lastAt.put(key, i);
          int at = i;
          if (before != null && starts.stream().anyMatch(start -> before < start && start <= at)) {
            againAfterExit.merge(key, 1, Integer::sum);
          }
        }
      }
    }
    int wrong = 0;
    Set<String> keys = new LinkedHashSet<>(due.keySet());
    keys.addAll(shown.keySet());
    Map<String, Integer> extra = new LinkedHashMap<>();
    for (String key : keys) {
      int expected = due.getOrDefault(key, 0);
      int actual = shown.getOrDefault(key, 0);
      if (actual < expected) {
        wrong += expected - actual;
        problems.add("receipts " + key + ": " + expected + " due, " + actual + " shown");
      } else if (actual - againAfterExit.getOrDefault(key, 0) > expected) {
        extra.merge(key.substring(0, key.indexOf(" at ")),
            actual - againAfterExit.getOrDefault(key, 0) - expected, Integer::sum);
      }
    }
    for (Map.Entry<String, Integer> more : extra.entrySet()) {
      int allowed = mayBeSaved.getOrDefault(more.getKey(), 0);
      if (more.getValue() > allowed) {
        wrong += more.getValue() - allowed;
        problems.add("receipts " + more.getKey() + ": " + more.getValue() + " more than due, "
            + allowed + " of them explained by a hand-over the server did not confirm");
      }
    }
    return new int[] {
      due.values().stream().mapToInt(Integer::intValue).sum(),
      shown.values().stream().mapToInt(Integer::intValue).sum(),
      wrong
    };
  }

  /** Whether a process started after {@code earlier}'s line and at or before {@code later}'s. */
  private static boolean newProcessBetween(Shown earlier, Shown later, List<Integer> starts) {
    // Shown.line counts from 1; a start is the 0-based index of the new process's first line.
    return starts.stream().anyMatch(start -> earlier.line() <= start && start < later.line());
  }

  private static List<String> recipientsOf(Sent message, Map<String, Transcript> transcripts) {
    if (message.kind() == Kind.DIRECT) {
      return List.of(message.to());
    }
    return transcripts.keySet().stream().filter(name -> !name.equals(message.from())).toList();
  }

  private static Shown parse(String recipient, String line, int number) {
    Matcher m;
    if ((m = LIVE_GROUP.matcher(line)).matches()) {
      return new Shown(recipient, m.group(1), Kind.GROUP, false, number);
    }
    if ((m = STORED_GROUP.matcher(line)).matches()) {
      return new Shown(recipient, m.group(1), Kind.GROUP, true, number);
    }
    if ((m = LIVE_DIRECT.matcher(line)).matches()) {
      return new Shown(recipient, m.group(1), Kind.DIRECT, false, number);
    }
    if ((m = STORED_DIRECT.matcher(line)).matches()) {
      return new Shown(recipient, m.group(1), Kind.DIRECT, true, number);
    }
    return null;
  }

  private static String textOf(String line) {
    Matcher m = ANY_TEXT.matcher(line);
    m.find();
    return m.group();
  }

  private static String describe(Sent message, String problem) {
    return message.text()
        + " ("
        + (message.kind() == Kind.DIRECT ? "direct " + message.from() + " -> " + message.to()
            : "group from " + message.from())
        + ", sender saw "
        + message.senderLines()
        + "): "
        + problem;
  }

  private static String prompt(String text) {
    return Console.PROMPT + text;
  }
}
