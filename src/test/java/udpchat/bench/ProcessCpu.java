package udpchat.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time of processes on this host, from {@code /proc/<pid>/stat} (user + system): a server
 * process's, or the PostgreSQL server's that one database uses.
 */
final class ProcessCpu {
  /** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
  private static final long TICKS_PER_SECOND = 100;

  private ProcessCpu() {}

  /**
   * The CPU ticks of some server processes and of PostgreSQL ({@code -1}: not measured) at one
   * moment.
   */
  record Sample(long nanoTime, long[] nodes, long postgres) {
    static Sample of(List<Long> pids, String database) {
      long[] nodes = new long[pids.size()];
      for (int i = 0; i < nodes.length; i++) {
        try {
          nodes[i] = ticks(pids.get(i));
        } catch (IOException | RuntimeException gone) {
          nodes[i] = -1;
        }
      }
      return new Sample(System.nanoTime(), nodes, database == null ? -1 : postgresTicks(database));
    }

    Usage since(Sample earlier) {
      double[] used = new double[nodes.length];
      for (int i = 0; i < used.length; i++) {
        used[i] = nanos(nodes[i] - earlier.nodes[i]);
      }
      return new Usage((nanoTime - earlier.nanoTime) / 1e9, used,
          postgres < 0 || earlier.postgres < 0 ? -1 : nanos(postgres - earlier.postgres));
    }
  }

  /** CPU time (ns) each server process and PostgreSQL (-1: not measured) used over some seconds. */
  record Usage(double seconds, double[] nodes, double postgres) {
    /** Less what the same processes use idle (heartbeats, timers) over as long. */
    Usage lessIdle(Usage idle) {
      double scale = seconds / idle.seconds;
      double[] busy = new double[nodes.length];
      for (int i = 0; i < busy.length; i++) {
        busy[i] = Math.max(0, nodes[i] - idle.nodes[i] * scale);
      }
      return new Usage(seconds, busy, postgres < 0 || idle.postgres < 0 ? postgres
          : Math.max(0, postgres - idle.postgres * scale));
    }

    double serverTotal() {
      return Arrays.stream(nodes).sum();
    }
  }

  /** The process's user and system CPU time so far, in clock ticks. */
  static long ticks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // The fields after the command (which is in parentheses and may hold spaces).
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  static double nanos(long ticks) {
    return ticks * (1e9 / TICKS_PER_SECOND);
  }

  /**
   * The PostgreSQL server's CPU ticks so far: its own processes (WAL writer, checkpointer, …)
   * and the backends of {@code database}, not those of other databases. -1 when there is none
   * to read (another user's processes, or PostgreSQL not on this host).
   */
  static long postgresTicks(String database) {
    long ticks = 0;
    boolean found = false;
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process : processes.toList()) {
        String pid = process.getFileName().toString();
        if (!pid.chars().allMatch(Character::isDigit) || !isPostgres(process, database)) {
          continue;
        }
        try {
          ticks += ticks(Long.parseLong(pid));
          found = true;
        } catch (IOException | RuntimeException gone) {
          // ended meanwhile
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return found ? ticks : -1;
  }

  /** A backend's command line reads "postgres: user database host(port) state". */
  private static boolean isPostgres(Path process, String database) {
    try {
      String comm = Files.readString(process.resolve("comm"), StandardCharsets.UTF_8).strip();
      if (!comm.equals("postgres")) {
        return false;
      }
      String command = new String(Files.readAllBytes(process.resolve("cmdline")),
          StandardCharsets.UTF_8).replace('\0', ' ');
      boolean backend = command.contains("(");
      return !backend || command.contains(" " + database + " ");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
