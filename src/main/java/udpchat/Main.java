package udpchat;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import udpchat.cli.Arguments;
import udpchat.cli.Launch;
import udpchat.cli.NodeRunner;
import udpchat.diagram.DiagramCommand;

/**
 * {@code java -jar udpchat.jar -s <server-port>} or {@code -c <name> <server-ip> <server-port>
 * <client-port>}. Exit status: 0 done, 1 the node failed (e.g. port in use, server not
 * responding), 2 a wrong command line.
 */
public final class Main {
  /** Exit status for a wrong or missing argument (picocli's and the shells' convention). */
  public static final int USAGE_ERROR = CommandLine.ExitCode.USAGE;

  private Main() {}

  public static void main(String[] args) {
    int status;
    try {
      status = run(args, System.out, System.err, NodeRunner::run);
    } catch (RuntimeException | Error e) {
      // A failure nobody expected: show it, and end the process all the same, because the actor
      // system's threads would otherwise keep it running.
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  /** Starts a node; runs a launch request and returns the process's exit status. */
  @FunctionalInterface
  public interface Launcher {
    int launch(Launch launch);
  }

  /**
   * Checks the command line and hands a valid request to {@code launcher}. Never exits the JVM,
   * so tests can call it: {@code --help} prints the usage to {@code out} and returns 0; a wrong
   * argument prints one line naming it, then the usage, to {@code err} and returns 2.
   */
  public static int run(String[] args, PrintStream out, PrintStream err, Launcher launcher) {
    if (args.length > 0 && args[0].equals("diagram")) {
      return DiagramCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
    }
    Arguments arguments = new Arguments();
    CommandLine commandLine = new CommandLine(arguments);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setParameterExceptionHandler(
        (wrong, ignored) -> {
          err.println("udpchat: " + wrong.getMessage());
          wrong.getCommandLine().usage(err, CommandLine.Help.Ansi.OFF);
          err.flush();
          return USAGE_ERROR;
        });
    commandLine.setExecutionStrategy(
        parsed -> {
          Integer help = CommandLine.executeHelpRequest(parsed);
          return help != null ? help : launcher.launch(arguments.toLaunch());
        });
    return commandLine.execute(args);
  }
}
