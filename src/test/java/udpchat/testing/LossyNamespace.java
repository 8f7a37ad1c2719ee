package udpchat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Linux network namespace of its own whose loopback loses UDP datagrams at random: iptables'
 * {@code statistic} match drops each one arriving at any socket with the given probability, so
 * processes started {@link #inside} it talk real UDP on 127.0.0.1 with real loss (the kernel here
 * has no netem). A first rule without a target counts every datagram, the second drops; {@link
 * #counts} reads both. Closing deletes the namespace, and its rules with it. A namespace left by
 * a test JVM that died is deleted the next time one is made.
 *
 * <p>Needs root, {@code ip} (iproute2) and {@code iptables}; {@link #whyUnavailable} says what is
 * missing, so a test can skip with that reason.
 */
public final class LossyNamespace implements AutoCloseable {
  private static final String PREFIX = "udpchat-loss-";
  private static final long COMMAND_SECONDS = 30;
  /** The tools by their full paths: root's tools are often not on a test JVM's PATH. */
  private static final Optional<Path> IP_TOOL = findOnPath("ip");
  private static final Optional<Path> IPTABLES_TOOL = findOnPath("iptables");
  private static final String IP = IP_TOOL.map(Path::toString).orElse("ip");
  private static final String IPTABLES = IPTABLES_TOOL.map(Path::toString).orElse("iptables");
  private static final Pattern RULE_PACKETS = Pattern.compile(" -c (\\d+) \\d+");

  /** How many UDP datagrams arrived at the namespace's sockets' door, and how many were dropped. */
  public record Counts(long datagrams, long dropped) {
    public double dropRate() {
      return datagrams == 0 ? 0 : (double) dropped / datagrams;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d UDP datagrams, %d dropped (%.1f%%)",
          datagrams, dropped, 100 * dropRate());
    }
  }

  private final String name;
  private boolean deleted;

  private LossyNamespace(String name) {
    this.name = name;
  }

  /**
   * Why such a namespace cannot be made here (not root, no {@code ip}, no {@code iptables}), or
   * empty when it can be tried.
   */
  public static Optional<String> whyUnavailable() {
    if (!System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")) {
      return Optional.of("network namespaces are Linux only");
    }
    if (IP_TOOL.isEmpty()) {
      return Optional.of("no ip command (install iproute2)");
    } else if (IPTABLES_TOOL.isEmpty()) {
      return Optional.of("no iptables command (install iptables)");
    }
    Result uid = run(List.of("id", "-u"));
    if (!uid.output().strip().equals("0")) {
      return Optional.of("making a network namespace needs root (uid " + uid.output().strip() + ")");
    }
    return Optional.empty();
  }

  /**
   * Makes the namespace {@code udpchat-loss-<pid>}, its loopback up, with {@code dropRate} of all
   * UDP datagrams lost. When the system refuses (a container without the capability, a kernel
   * without the statistic match), throws {@link Unavailable} with its words.
   */
  public static LossyNamespace create(double dropRate) {
    deleteOrphans();
    LossyNamespace namespace = new LossyNamespace(PREFIX + ProcessHandle.current().pid());
    namespace.deleteIfPresent();
    Result added = run(List.of(IP, "netns", "add", namespace.name));
    if (added.status() != 0) {
      throw new Unavailable("cannot make a network namespace: " + added.output().strip());
    }
    try {
      namespace.inNamespace(IP, "link", "set", "lo", "up");
      namespace.inNamespace(IPTABLES, "-w", "-A", "INPUT", "-p", "udp");
      namespace.inNamespace(IPTABLES, "-w", "-A", "INPUT", "-p", "udp", "-m", "statistic",
          "--mode", "random", "--probability", String.format(Locale.ROOT, "%.4f", dropRate),
          "-j", "DROP");
      return namespace;
    } catch (IllegalStateException refused) {
      // The commands are fixed: a refusal is the system's (no statistic match, no nf_tables).
      namespace.close();
      throw new Unavailable(refused.getMessage());
    }
  }

  /** The set-up was refused by the system, not by a mistake of the test. */
  public static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message);
    }
  }

  public String name() {
    return name;
  }

  /** {@code command} run inside the namespace ({@code ip netns exec} execs it: same pid). */
  public List<String> inside(List<String> command) {
    List<String> all = new ArrayList<>(List.of(IP, "netns", "exec", name));
    all.addAll(command);
    return List.copyOf(all);
  }

  /** What the rules have counted so far. */
  public Counts counts() {
    // "-A INPUT -p udp -c <packets> <bytes>", then the same with the statistic match and "-j DROP".
    String rules = inNamespace(IPTABLES, "-w", "-S", "INPUT", "-v");
    long datagrams = -1;
    long dropped = -1;
    for (String rule : rules.lines().filter(line -> line.startsWith("-A INPUT")).toList()) {
      Matcher packets = RULE_PACKETS.matcher(rule);
      if (!packets.find()) {
        continue;
      }
      if (rule.endsWith("-j DROP")) {
        dropped = Long.parseLong(packets.group(1));
      } else {
        datagrams = Long.parseLong(packets.group(1));
      }
    }
    if (datagrams < 0 || dropped < 0) {
      throw new IllegalStateException("unexpected iptables rules in " + name + ":\n" + rules);
    }
    return new Counts(datagrams, dropped);
  }

  /** Deletes the namespace and its rules; the processes in it must have ended. */
  @Override
  public void close() {
    if (!deleted) {
      deleted = true;
      deleteIfPresent();
    }
  }

  private void deleteIfPresent() {
    if (Files.exists(Path.of("/run/netns", name))) {
      run(List.of(IP, "netns", "delete", name));
    }
  }

  /**
   * Namespaces of this kind whose test JVM is no longer alive, and the nodes it left running in
   * them (a JVM killed outright does not end its children).
   */
  private static void deleteOrphans() {
    for (String line : run(List.of(IP, "netns", "list")).output().lines().toList()) {
      String candidate = line.split("\\s+")[0];
      if (candidate.startsWith(PREFIX)) {
        String pid = candidate.substring(PREFIX.length());
        boolean alive = pid.chars().allMatch(Character::isDigit) && !pid.isEmpty()
            && ProcessHandle.of(Long.parseLong(pid)).isPresent();
        if (!alive) {
          run(List.of(IP, "netns", "pids", candidate)).output().lines()
              .filter(left -> !left.isBlank() && left.strip().chars().allMatch(Character::isDigit))
              .forEach(left -> ProcessHandle.of(Long.parseLong(left.strip()))
                  .ifPresent(ProcessHandle::destroyForcibly));
          run(List.of(IP, "netns", "delete", candidate));
        }
      }
    }
  }

  private String inNamespace(String... command) {
    Result result = run(inside(List.of(command)));
    if (result.status() != 0) {
      throw new IllegalStateException(
          "in namespace " + name + ": " + String.join(" ", command) + " failed: " + result.output());
    }
    return result.output();
  }

  private record Result(int status, String output) {}

  private static Result run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, String.join(" ", command) + " did not end");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }

  private static Optional<Path> findOnPath(String tool) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin"));
    return dirs.stream()
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, tool))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
