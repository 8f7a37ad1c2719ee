package udpchat.loss;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import udpchat.console.Console;
import udpchat.console.ConsoleLines;
import udpchat.testing.sim.SimWorld;

/**
 * A random, seeded schedule of what the people at the clients of a {@link LossyChat} do: send
 * direct messages (to peers online or offline), send group messages, go offline and come back,
 * and leave silently (the process is killed) to start again later from the same address, which
 * counts as reg. Each person waits for a command to finish before typing the next, as the client
 * runs one command at a time anyway; a command has finished when the line typed after it, {@link
 * #PROBE}, has been answered ("[Invalid command]" comes only once the commands before it are done),
 * or when the client has exited. Every message text is unique ("m0042"), so the {@link Ledger} can
 * follow each one. The schedule also takes random links down for random lengths (outages), some
 * longer than a request's whole retry budget; they are all over before the end.
 *
 * <p>A silent leave happens at a quiet moment: nobody types for {@link #QUIET} first, so that what
 * was in flight to and from the client has settled. A client keeps no memory across processes: a
 * message it showed whose ACK was still on its way when it died is shown again by its next
 * process. That is the crash's doing, not the protocol's, and the quiet moment keeps it out.
 */
final class LossRun {
  /** An unknown command: the client answers it with "[Invalid command]" when its turn comes. */
  static final String PROBE = "?";

  static final String PROBE_ANSWER = Console.PROMPT + ConsoleLines.invalidCommand();
  private static final Duration QUIET = Duration.ofSeconds(3);
  private static final Duration SETTLE = Duration.ofSeconds(30);
  private static final Duration PATIENCE = Duration.ofMinutes(2);

  // The chance, per tick of virtual time, that a person with nothing in flight does something.
  private static final double ACT_WHEN_ONLINE = 0.25;
  private static final double REG_WHEN_OFFLINE = 0.03;
  private static final double START_WHEN_GONE = 0.02;
  // What an online person does: the rest of the time, a direct message to a random peer.
  private static final double KILL = 0.02;
  private static final double DEREG = 0.05;
  private static final double SEND_ALL = 0.15;
  // Outages: the chance per tick that a link goes down; most are between a client and the server,
  // half of them both ways; their lengths are spread evenly up to OUTAGE_LONGEST, so most outlast a
  // request's whole retry budget (request-attempts x ack-timeout, 2.5 s).
  private static final double OUTAGE = 0.01;
  private static final double OUTAGE_TO_SERVER = 0.7;
  private static final double OUTAGE_BOTH_WAYS = 0.5;
  private static final Duration OUTAGE_SHORTEST = Duration.ofMillis(300);
  private static final Duration OUTAGE_LONGEST = Duration.ofSeconds(6);
  private static final Duration RETRY_BUDGET = Duration.ofMillis(2500);
  // At the end: this many clients cut off from the server while the others send their last words,
  // for longer than a group message's timeout and a mailbox offer's tries together.
  private static final int CUT_OFF_AT_THE_END = 3;
  private static final Duration LAST_OUTAGE = Duration.ofSeconds(5);

  /** What the person believes of their client. */
  private enum State {
    ONLINE,
    OFFLINE,
    GONE
  }

  /** One person at one client, as the schedule sees it. */
  private static final class Person {
    final String name;
    State state = State.GONE;
    /** A command is in flight. */
    boolean busy;
    /** The message the command in flight sends, if it sends one. */
    Ledger.Sent sending;
    /** Where the command in flight started in the client's transcript. */
    int commandStart;
    /** How far the transcript has been read for probe answers. */
    int scanned;

    Person(String name) {
      this.name = name;
    }
  }

  /** What happened besides messages. */
  record Activity(int silentLeaves, int deregs, int exits, int outages, int longOutages) {
    @Override
    public String toString() {
      return String.format(
          "silent leaves: %d, dereg: %d, clients that exited by themselves (then restarted): %d%n"
              + "outages: %d, %d of them longer than a request's retry budget",
          silentLeaves, deregs, exits, outages, longOutages);
    }
  }

  private final LossyChat chat;
  private final Random random;
  private final Map<String, Person> people = new LinkedHashMap<>();
  private final Ledger ledger = new Ledger();
  private int silentLeaves;
  private int deregs;
  private int exits;
  private int outages;
  private int longOutages;
  /** Per node, the virtual time its last outage ends. */
  private final Map<String, Long> downUntil = new HashMap<>();

  LossRun(LossyChat chat, List<String> names, long seed) {
    this.chat = chat;
    this.random = new Random(seed);
    names.forEach(name -> people.put(name, new Person(name)));
  }

  /**
   * Starts every client, plays the schedule until all but the last {@code messages} have been
   * sent, then brings every client back online and has each person send a last group message,
   * and lets the run settle, so that every mailbox is delivered. While the first of those last
   * words go out, a few clients' links to the server are down for longer than a mailbox offer
   * takes: the server finds them silent and their offers are lost, but they believe themselves
   * online; their own last words, once the links are up, must bring them back.
   */
  Ledger play(int messages) {
    people.values().forEach(this::start);
    awaitIdle();
    int beforeLastWords = messages - people.size();
    while (ledger.size() < beforeLastWords) {
      for (Person person : people.values()) {
        if (!person.busy && ledger.size() < beforeLastWords) {
          act(person);
        }
      }
      maybeOutage();
      chat.tick();
      collect();
    }
    awaitIdle();
    long lastOutageEnds = downUntil.values().stream().mapToLong(Long::longValue).max().orElse(0);
    chat.advance(Duration.ofMillis(Math.max(0, lastOutageEnds - chat.virtualMillis())));
    awaitIdle();
    for (Person person : people.values()) {
      if (person.state == State.GONE) {
        start(person);
      } else if (person.state == State.OFFLINE) {
        command(person, "reg", State.ONLINE, null);
      }
    }
    awaitIdle();
    lastWords();
    chat.advance(SETTLE);
    collect();
    return ledger;
  }

  /** Everyone sends a group message; those cut off from the server while the others do, after. */
  private void lastWords() {
    List<Person> everyone = List.copyOf(people.values());
    List<Person> cutOff = new ArrayList<>();
    while (cutOff.size() < CUT_OFF_AT_THE_END) {
      Person person = everyone.get(random.nextInt(everyone.size()));
      if (!cutOff.contains(person)) {
        cutOff.add(person);
        outages++;
        longOutages++;
        chat.outage(person.name, LossyChat.SERVER, true, LAST_OUTAGE);
      }
    }
    everyone.stream().filter(person -> !cutOff.contains(person)).forEach(this::sendAll);
    awaitIdle();
    chat.advance(LAST_OUTAGE);
    cutOff.forEach(this::sendAll);
    awaitIdle();
  }

  private void sendAll(Person person) {
    String text = nextText();
    command(
        person,
        "send_all " + text,
        State.ONLINE,
        new Ledger.Sent(text, Ledger.Kind.GROUP, person.name, null, List.of()));
  }

  Activity activity() {
    return new Activity(silentLeaves, deregs, exits, outages, longOutages);
  }

  /** The people who believe their client is online (at the end of a run: all of them). */
  List<String> believedOnline() {
    return people.values().stream()
        .filter(person -> person.state == State.ONLINE)
        .map(person -> person.name)
        .toList();
  }

  /** Sometimes takes a random link down for a random while. */
  private void maybeOutage() {
    if (random.nextDouble() >= OUTAGE) {
      return;
    }
    List<String> names = List.copyOf(people.keySet());
    String a = names.get(random.nextInt(names.size()));
    String b;
    if (random.nextDouble() < OUTAGE_TO_SERVER) {
      b = LossyChat.SERVER;
    } else {
      List<String> others = names.stream().filter(name -> !name.equals(a)).toList();
      b = others.get(random.nextInt(others.size()));
    }
    boolean bothWays = random.nextDouble() < OUTAGE_BOTH_WAYS;
    boolean fromA = random.nextBoolean();
    long shortest = OUTAGE_SHORTEST.toMillis();
    Duration lasting =
        Duration.ofMillis(shortest + random.nextInt((int) (OUTAGE_LONGEST.toMillis() - shortest)));
    outages++;
    if (lasting.compareTo(RETRY_BUDGET) > 0) {
      longOutages++;
    }
    long ends = chat.virtualMillis() + lasting.toMillis();
    downUntil.merge(a, ends, Math::max);
    downUntil.merge(b, ends, Math::max);
    if (fromA) {
      chat.outage(a, b, bothWays, lasting);
    } else {
      chat.outage(b, a, bothWays, lasting);
    }
  }

  private void act(Person person) {
    switch (person.state) {
      case GONE -> {
        if (random.nextDouble() < START_WHEN_GONE) {
          start(person);
        }
      }
      case OFFLINE -> {
        if (random.nextDouble() < REG_WHEN_OFFLINE) {
          command(person, "reg", State.ONLINE, null);
        }
      }
      case ONLINE -> {
        if (random.nextDouble() < ACT_WHEN_ONLINE) {
          actOnline(person);
        }
      }
    }
  }

  private void actOnline(Person person) {
    double choice = random.nextDouble();
    if (choice < KILL) {
      silentLeave(person);
    } else if (choice < KILL + DEREG) {
      deregs++;
      command(person, "dereg", State.OFFLINE, null);
    } else if (choice < KILL + DEREG + SEND_ALL) {
      sendAll(person);
    } else {
      List<String> others =
          people.keySet().stream().filter(name -> !name.equals(person.name)).toList();
      String to = others.get(random.nextInt(others.size()));
      String text = nextText();
      command(
          person,
          "send " + to + " " + text,
          State.ONLINE,
          new Ledger.Sent(text, Ledger.Kind.DIRECT, person.name, to, List.of()));
    }
  }

  private String nextText() {
    return String.format("m%04d", ledger.size() + 1);
  }

  /** Types {@code line} and the probe after it; {@code message} is what it sends, if anything. */
  private void command(Person person, String line, State after, Ledger.Sent message) {
    person.busy = true;
    person.commandStart = chat.transcript(person.name).size();
    person.sending = message;
    if (message != null) {
      ledger.record(message); // replaced by the record with what the sender saw when it is done
    }
    person.state = after;
    chat.type(person.name, line);
    chat.type(person.name, PROBE);
  }

  /** Starts (or restarts from the same address) a client: its registration counts as reg. */
  private void start(Person person) {
    person.busy = true;
    person.commandStart = chat.transcript(person.name).size();
    person.sending = null;
    person.state = State.ONLINE;
    chat.start(person.name);
    chat.type(person.name, PROBE);
  }

  /**
   * Waits for a quiet moment, then kills the client without a word to anyone; but not a client in
   * or just after an outage, nor one the server's table shows offline: what it has shown may have
   * lost every ACK, with the server keeping it to deliver again, and its next process, which
   * remembers nothing, would show it again. That is the crash's doing, not the protocol's.
   */
  private void silentLeave(Person person) {
    if (downUntil.getOrDefault(person.name, 0L) + QUIET.toMillis() > chat.virtualMillis()) {
      return;
    }
    awaitIdle();
    chat.advance(QUIET);
    collect();
    if (person.busy || !chat.serverTable().getOrDefault(person.name, false)) {
      return;
    }
    silentLeaves++;
    chat.kill(person.name);
    person.state = State.GONE;
  }

  /** Notes every command that has finished: its probe was answered, or its client exited. */
  private void collect() {
    for (Person person : people.values()) {
      Transcript transcript = chat.transcript(person.name);
      int size = transcript.size();
      for (int i = person.scanned; i < size && person.busy; i++) {
        if (transcript.get(i).equals(PROBE_ANSWER)) {
          finish(person, i);
        }
      }
      if (person.busy && chat.hasExited(person.name)) {
        exits++; // "[Server not responding]": the person starts the client again later
        finish(person, size);
        person.state = State.GONE;
      }
      person.scanned = size;
    }
  }

  /** Records what the sender was told about its message: the "[…]" lines of the command. */
  private void finish(Person person, int end) {
    person.busy = false;
    if (person.sending != null) {
      ledger.record(
          person.sending.told(chat.transcript(person.name).between(person.commandStart, end)));
      person.sending = null;
    }
  }

  /** Lets time pass until no running client has a command in flight. */
  private void awaitIdle() {
    long limit = PATIENCE.toMillis() / SimWorld.TICK.toMillis();
    for (long ticks = 0; people.values().stream().anyMatch(p -> p.busy); ticks++) {
      if (ticks > limit) {
        throw new AssertionError(
            "commands still unfinished after "
                + PATIENCE
                + " of virtual time: "
                + people.values().stream().filter(p -> p.busy).map(p -> p.name).toList());
      }
      chat.tick();
      collect();
    }
  }
}
