package udpchat.client;

import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import udpchat.console.LineSource;

/**
 * Reads the person's lines, one per message, and hands each to the client actor. Reading blocks, so
 * the client spawns this on the blocking-IO dispatcher. At end of input it tells the client {@link
 * ClientActor.EndOfInput}; on Ctrl-C {@link ClientActor.SilentLeave}; then it stops.
 */
public final class ConsoleReader {

  /** The reader's own protocol: read the next line. */
  public sealed interface Command {}

  private enum ReadNextLine implements Command {
    INSTANCE
  }

  private final ActorContext<Command> context;
  private final LineSource source;
  private final ActorRef<ClientActor.Command> client;

  private ConsoleReader(
      ActorContext<Command> context, LineSource source, ActorRef<ClientActor.Command> client) {
    this.context = context;
    this.source = source;
    this.client = client;
  }

  public static Behavior<Command> create(
      String nodeName, LineSource source, ActorRef<ClientActor.Command> client) {
    return Behaviors.withMdc(
        Command.class,
        Map.of("node", nodeName),
        Behaviors.setup(
            context -> {
              context.getSelf().tell(ReadNextLine.INSTANCE);
              return new ConsoleReader(context, source, client).reading();
            }));
  }

  private Behavior<Command> reading() {
    return Behaviors.receive(Command.class)
        .onMessageEquals(ReadNextLine.INSTANCE, this::readOneLine)
        .build();
  }

  private Behavior<Command> readOneLine() {
    String line;
    try {
      line = source.readLine();
    } catch (LineSource.Interrupted e) {
      context.getLog().debug("input interrupted: leaving silently");
      client.tell(new ClientActor.SilentLeave());
      return Behaviors.stopped();
    } catch (RuntimeException e) {
      // A broken input cannot be read again: treat it as its end, so the client quits cleanly.
      context.getLog().warn("reading input failed, treating it as end of input", e);
      client.tell(new ClientActor.EndOfInput());
      return Behaviors.stopped();
    }
    if (line == null) {
      context.getLog().debug("end of input");
      client.tell(new ClientActor.EndOfInput());
      return Behaviors.stopped();
    }
    client.tell(new ClientActor.Typed(line));
    context.getSelf().tell(ReadNextLine.INSTANCE);
    return Behaviors.same();
  }
}
