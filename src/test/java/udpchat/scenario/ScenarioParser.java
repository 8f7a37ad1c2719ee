package udpchat.scenario;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the scenario format described in test-scenarios/README.md. */
public final class ScenarioParser {
  /** The server's node name. */
  public static final String SERVER = "server";

  private static final String NODE = "[A-Za-z0-9_.-]{1,32}";
  private static final Pattern TYPED = Pattern.compile("(" + NODE + "):(?: (.*))?");
  private static final Pattern START_SERVER = Pattern.compile("start +server +(\\d+)");
  private static final Pattern START_CLIENT =
      Pattern.compile(
          "start +client +(" + NODE + ") +(\\d+)(?: +named +(" + NODE + "))?(?: +server +(\\d+))?");
  private static final Pattern INJECT = Pattern.compile("inject +(" + NODE + ")(?: +repeat +(\\d+))? (.*)");
  private static final Pattern EXPECT_LINE = Pattern.compile("\\s+(" + NODE + ")\\s+\\|(?: (.*))?");
  private static final Pattern EXPECT_EXIT = Pattern.compile("\\s+(" + NODE + ")\\s+exits\\s+(\\d+)");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s)");
  private static final Pattern PERCENT = Pattern.compile("(\\d{1,2}|100)%");
  private static final Pattern NET_FLOW =
      Pattern.compile("(?:(\\d+) +)?(\\S+) +from +(\\S+) +to +(\\S+)");

  private final String name;
  private final List<String> lines;
  private final Map<String, Integer> ports;
  private final Set<String> started = new HashSet<>();
  private final List<Step> steps = new ArrayList<>();
  private final StringBuilder description = new StringBuilder();
  private Integer serverPort;
  // The step being read: its action and where it is, and the lines expected from it so far.
  private Action action;
  private int actionLine;
  private String actionText;
  private final List<ExpectedLine> expected = new ArrayList<>();

  private ScenarioParser(String name, List<String> lines) {
    this.name = name;
    this.lines = lines;
    this.ports = new LinkedHashMap<>();
  }

  public static Scenario parse(Path file) {
    try {
      String fileName = file.getFileName().toString();
      String name = fileName.endsWith(".scenario") ? fileName.substring(0, fileName.length() - 9) : fileName;
      return parse(name, Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Scenario parse(String name, List<String> lines) {
    return new ScenarioParser(name, lines).parse();
  }

  private Scenario parse() {
    for (int i = 0; i < lines.size(); i++) {
      int lineNumber = i + 1;
      String line = lines.get(i).stripTrailing();
      if (line.isBlank()) {
        continue;
      }
      if (line.strip().startsWith("#")) {
        if (action == null && steps.isEmpty()) {
          description.append(line.strip().substring(1).strip()).append('\n');
        }
        continue;
      }
      if (Character.isWhitespace(line.charAt(0))) {
        expectation(line, lineNumber);
      } else {
        finishStep();
        action = step(line, lineNumber);
        actionLine = lineNumber;
        actionText = line;
      }
    }
    finishStep();
    if (steps.isEmpty()) {
      throw new ScenarioSyntaxException(name, 1, "no steps");
    }
    return new Scenario(name, description.toString().strip(), steps, ports);
  }

  private void finishStep() {
    if (action != null) {
      steps.add(new Step(actionLine, actionText, action, expected));
      expected.clear();
      action = null;
    }
  }

  private void expectation(String line, int lineNumber) {
    if (action == null) {
      throw new ScenarioSyntaxException(name, lineNumber, "an expected line before the first step");
    }
    Matcher printed = EXPECT_LINE.matcher(line);
    Matcher exit = EXPECT_EXIT.matcher(line);
    String node;
    String text;
    if (printed.matches()) {
      node = printed.group(1);
      text = printed.group(2) == null ? "" : printed.group(2);
    } else if (exit.matches()) {
      node = exit.group(1);
      text = ExpectedLine.exitLine(Integer.parseInt(exit.group(2)));
    } else {
      throw new ScenarioSyntaxException(
          name, lineNumber, "expected \"<node> | <line>\" or \"<node> exits <status>\"");
    }
    requireStarted(node, lineNumber);
    expected.add(new ExpectedLine(node, text, lineNumber));
  }

  private Action step(String line, int lineNumber) {
    Matcher typed = TYPED.matcher(line);
    if (typed.matches()) {
      String node = typed.group(1);
      requireClient(node, lineNumber);
      return new Action.Type(node, typed.group(2) == null ? "" : typed.group(2));
    }
    String[] words = line.split(" +");
    switch (words[0]) {
      case "start":
        return start(line, lineNumber);
      case "stop":
        if (!line.matches("stop +server")) {
          throw new ScenarioSyntaxException(name, lineNumber, "only \"stop server\" exists");
        }
        requireStarted(SERVER, lineNumber);
        return new Action.StopServer();
      case "kill":
        requireWords(words, 2, lineNumber, "kill <node>");
        requireStarted(words[1], lineNumber);
        return new Action.Kill(words[1]);
      case "close":
        requireWords(words, 2, lineNumber, "close <node>");
        requireClient(words[1], lineNumber);
        return new Action.CloseInput(words[1]);
      case "wait":
        requireWords(words, 2, lineNumber, "wait <duration>");
        return new Action.Wait(duration(words[1], lineNumber));
      case "inject":
        return inject(line, lineNumber);
      case "net":
        return new Action.Net(net(words, lineNumber));
      default:
        throw new ScenarioSyntaxException(name, lineNumber, "unknown step: " + line);
    }
  }

  private Action start(String line, int lineNumber) {
    Matcher server = START_SERVER.matcher(line);
    Matcher client = START_CLIENT.matcher(line);
    if (server.matches()) {
      serverPort = Integer.parseInt(server.group(1));
      ports.put(SERVER, serverPort);
      started.add(SERVER);
      return new Action.StartServer(serverPort);
    }
    if (!client.matches()) {
      throw new ScenarioSyntaxException(
          name, lineNumber, "expected \"start server <port>\" or \"start client <node> <port> [named <name>] [server <port>]\"");
    }
    String node = client.group(1);
    if (node.equals(SERVER)) {
      throw new ScenarioSyntaxException(name, lineNumber, "\"server\" is the server's node name");
    }
    int port = Integer.parseInt(client.group(2));
    Integer known = ports.putIfAbsent(node, port);
    if (known != null && known != port) {
      throw new ScenarioSyntaxException(name, lineNumber, node + " was started on port " + known + " before");
    }
    String chatName = client.group(3) == null ? node : client.group(3);
    Integer toPort = client.group(4) == null ? serverPort : Integer.valueOf(client.group(4));
    if (toPort == null) {
      throw new ScenarioSyntaxException(name, lineNumber, "no server started yet: add \"server <port>\"");
    }
    started.add(node);
    return new Action.StartClient(node, chatName, port, toPort);
  }

  private Action inject(String line, int lineNumber) {
    Matcher inject = INJECT.matcher(line);
    if (!inject.matches()) {
      throw new ScenarioSyntaxException(name, lineNumber, "expected \"inject <node> [repeat <n>] <text>\"");
    }
    requireStarted(inject.group(1), lineNumber);
    byte[] once = unescape(inject.group(3), lineNumber);
    int times = inject.group(2) == null ? 1 : Integer.parseInt(inject.group(2));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < times; i++) {
      bytes.writeBytes(once);
    }
    return new Action.Inject(inject.group(1), bytes.toByteArray());
  }

  private NetChange net(String[] words, int lineNumber) {
    String rest = String.join(" ", List.of(words).subList(Math.min(2, words.length), words.length));
    String verb = words.length > 1 ? words[1] : "";
    switch (verb) {
      case "drop":
      case "duplicate":
        {
          Matcher flow = netFlow(rest, lineNumber);
          return verb.equals("drop")
              ? new NetChange.Drop(times(flow), flow.group(2), flow.group(3), flow.group(4))
              : new NetChange.Duplicate(times(flow), flow.group(2), flow.group(3), flow.group(4));
        }
      case "delay":
        {
          if (words.length < 3) {
            throw new ScenarioSyntaxException(
                name, lineNumber, "expected \"net delay <duration> [<n>] <type> from <node> to <node>\"");
          }
          Duration by = duration(words[2], lineNumber);
          Matcher flow = netFlow(rest.substring(rest.indexOf(' ') + 1), lineNumber);
          return new NetChange.Delay(by, times(flow), flow.group(2), flow.group(3), flow.group(4));
        }
      case "cut":
        requireWords(words, 3, lineNumber, "net cut <node>");
        requireKnown(words[2], lineNumber);
        return new NetChange.Cut(words[2]);
      case "heal":
        if (words.length == 2) {
          return new NetChange.Heal(Optional.empty());
        }
        requireWords(words, 3, lineNumber, "net heal [<node>]");
        requireKnown(words[2], lineNumber);
        return new NetChange.Heal(Optional.of(words[2]));
      case "lossy":
        return lossy(words, lineNumber);
      case "outage":
        return outage(words, lineNumber);
      default:
        throw new ScenarioSyntaxException(
            name, lineNumber, "net steps: drop, duplicate, delay, cut, lossy, outage, heal");
    }
  }

  private NetChange lossy(String[] words, int lineNumber) {
    String usage = "net lossy <node> <node> drop <p>% duplicate <p>% delay <duration>";
    requireWords(words, 10, lineNumber, usage);
    if (!words[4].equals("drop") || !words[6].equals("duplicate") || !words[8].equals("delay")) {
      throw new ScenarioSyntaxException(name, lineNumber, "expected \"" + usage + "\"");
    }
    requireKnown(words[2], lineNumber);
    requireKnown(words[3], lineNumber);
    return new NetChange.Lossy(
        words[2], words[3], percent(words[5], lineNumber), percent(words[7], lineNumber),
        duration(words[9], lineNumber));
  }

  private NetChange outage(String[] words, int lineNumber) {
    boolean oneWay = words.length == 7 && words[3].equals("to");
    int rest = oneWay ? 4 : 3;
    if (words.length != rest + 3 || !words[rest + 1].equals("for")) {
      throw new ScenarioSyntaxException(name, lineNumber,
          "expected \"net outage <node> [to] <node> for <duration>\"");
    }
    requireKnown(words[2], lineNumber);
    requireKnown(words[rest], lineNumber);
    return new NetChange.Outage(
        words[2], words[rest], !oneWay, duration(words[rest + 2], lineNumber));
  }

  private Matcher netFlow(String text, int lineNumber) {
    Matcher flow = NET_FLOW.matcher(text);
    if (!flow.matches()) {
      throw new ScenarioSyntaxException(
          name, lineNumber, "expected \"[<n>] <type|*> from <node|*> to <node|*>\"");
    }
    for (String node : List.of(flow.group(3), flow.group(4))) {
      if (!node.equals(NetChange.ANY)) {
        requireKnown(node, lineNumber);
      }
    }
    return flow;
  }

  private static Optional<Integer> times(Matcher flow) {
    return Optional.ofNullable(flow.group(1)).map(Integer::valueOf);
  }

  private Duration duration(String text, int lineNumber) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new ScenarioSyntaxException(name, lineNumber, "a duration is like 500ms or 3s: " + text);
    }
    long amount = Long.parseLong(m.group(1));
    return m.group(2).equals("s") ? Duration.ofSeconds(amount) : Duration.ofMillis(amount);
  }

  private int percent(String text, int lineNumber) {
    Matcher m = PERCENT.matcher(text);
    if (!m.matches()) {
      throw new ScenarioSyntaxException(name, lineNumber, "a rate is like 25%: " + text);
    }
    return Integer.parseInt(m.group(1));
  }

  /** The text as UTF-8, with \\n, \\r, \\t, \\\\ and \\xHH (one raw byte) escapes. */
  private byte[] unescape(String text, int lineNumber) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < text.length()) {
      int next = text.indexOf('\\', i);
      if (next < 0) {
        out.writeBytes(text.substring(i).getBytes(StandardCharsets.UTF_8));
        break;
      }
      out.writeBytes(text.substring(i, next).getBytes(StandardCharsets.UTF_8));
      if (next + 1 >= text.length()) {
        throw new ScenarioSyntaxException(name, lineNumber, "a lone \\ at the end");
      }
      char escaped = text.charAt(next + 1);
      i = next + 2;
      switch (escaped) {
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case '\\' -> out.write('\\');
        case 'x' -> {
          if (i + 2 > text.length()) {
            throw new ScenarioSyntaxException(name, lineNumber, "\\x needs two hex digits");
          }
          out.write(Integer.parseInt(text.substring(i, i + 2), 16));
          i += 2;
        }
        default -> throw new ScenarioSyntaxException(name, lineNumber, "unknown escape \\" + escaped);
      }
    }
    return out.toByteArray();
  }

  private void requireWords(String[] words, int count, int lineNumber, String usage) {
    if (words.length != count) {
      throw new ScenarioSyntaxException(name, lineNumber, "expected \"" + usage + "\"");
    }
  }

  private void requireStarted(String node, int lineNumber) {
    if (!started.contains(node)) {
      throw new ScenarioSyntaxException(name, lineNumber, node + " has not been started");
    }
  }

  private void requireClient(String node, int lineNumber) {
    if (node.equals(SERVER)) {
      throw new ScenarioSyntaxException(name, lineNumber, "only clients have input");
    }
    requireStarted(node, lineNumber);
  }

  /** Network steps may name a node that starts later (to shape its registration, say). */
  private void requireKnown(String node, int lineNumber) {
    if (!node.equals(SERVER) && !startedAnywhere(node)) {
      throw new ScenarioSyntaxException(name, lineNumber, node + " is never started");
    }
  }

  private boolean startedAnywhere(String node) {
    return lines.stream()
        .map(String::stripTrailing)
        .map(START_CLIENT::matcher)
        .anyMatch(m -> m.matches() && m.group(1).equals(node));
  }
}
