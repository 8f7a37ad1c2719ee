package udpchat.client;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import udpchat.console.LineSource;
import udpchat.console.LoggedConsole;

/**
 * Reads the person's lines, one at a time, and hands each to the client actor. At end of input it
 * tells the client {@link ClientActor.EndOfInput}; on Ctrl-C {@link ClientActor.SilentLeave}; then
 * it stops.
 *
 * <p>Reading blocks, and a read of standard input cannot be interrupted. So the read runs on a
 * daemon thread of the reader's own and comes back as a message: the actor itself never blocks,
 * stops at once when the client ends, and a read still waiting does not keep the process alive.
 */
public final class ConsoleReader {

  /** The reader's own protocol: a line (or the end of input) has been read. */
  public sealed interface Command {}

  private record LineRead(String line) implements Command {}

  private record InputInterrupted() implements Command {}

  private record InputFailed(Throwable cause) implements Command {}

  private final ActorContext<Command> context;
  private final LineSource source;
  private final ActorRef<ClientActor.Command> client;
  private final ExecutorService readerThread;

  private ConsoleReader(
      ActorContext<Command> context, LineSource source, ActorRef<ClientActor.Command> client) {
    this.context = context;
    this.source = source;
    this.client = client;
    this.readerThread =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "console-reader");
              thread.setDaemon(true);
              return thread;
            });
  }

  public static Behavior<Command> create(
      String nodeName, LineSource source, ActorRef<ClientActor.Command> client) {
    return Behaviors.withMdc(
        Command.class,
        Map.of("node", nodeName),
        Behaviors.setup(
            context -> {
              ConsoleReader reader = new ConsoleReader(context, source, client);
              reader.readNextLine();
              return reader.reading();
            }));
  }

  private Behavior<Command> reading() {
    return Behaviors.receive(Command.class)
        .onMessage(LineRead.class, read -> onLine(read.line()))
        .onMessage(InputInterrupted.class, interrupted -> onInterrupted())
        .onMessage(InputFailed.class, failed -> onFailure(failed.cause()))
        .onSignal(PostStop.class, signal -> onStop())
        .build();
  }

  private void readNextLine() {
    CompletableFuture<String> next =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return source.readLine();
              } catch (LineSource.Interrupted e) {
                throw new InterruptedRead();
              }
            },
            readerThread);
    context.pipeToSelf(
        next,
        (line, failure) -> {
          if (failure == null) {
            return new LineRead(line);
          }
          Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
          return cause instanceof InterruptedRead ? new InputInterrupted() : new InputFailed(cause);
        });
  }

  private Behavior<Command> onLine(String line) {
    if (line != null && LoggedConsole.LOG.isDebugEnabled()) {
      LoggedConsole.LOG.debug("typed {}", line);
    }
    if (line == null) {
      context.getLog().debug("end of input");
      client.tell(new ClientActor.EndOfInput());
      return Behaviors.stopped();
    }
    client.tell(new ClientActor.Typed(line));
    readNextLine();
    return Behaviors.same();
  }

  private Behavior<Command> onInterrupted() {
    context.getLog().debug("input interrupted: leaving silently");
    client.tell(new ClientActor.SilentLeave());
    return Behaviors.stopped();
  }

  private Behavior<Command> onFailure(Throwable cause) {
    // A broken input cannot be read again: treat it as its end, so the client quits cleanly.
    context.getLog().warn("reading input failed, treating it as end of input", cause);
    client.tell(new ClientActor.EndOfInput());
    return Behaviors.stopped();
  }

  private Behavior<Command> onStop() {
    readerThread.shutdownNow();
    return Behaviors.same();
  }

  /** Carries Ctrl-C out of the reading thread. */
  private static final class InterruptedRead extends RuntimeException {
    InterruptedRead() {
      super("interrupted by the user", null, false, false);
    }
  }
}
