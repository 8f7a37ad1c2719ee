package udpchat.client;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a typed line into a {@link ChatCommand}. A message is the rest of the line after the one
 * whitespace character that ends the word before it, kept exactly as typed (inner and trailing
 * spaces included), as the seed did.
 */
public final class CommandParser {
  /** A first word, then (optionally) one separating whitespace character and the rest. */
  private static final Pattern WORD_AND_REST =
      Pattern.compile("(\\S+)(?:\\s(.*))?", Pattern.DOTALL);

  private CommandParser() {}

  public static ChatCommand parse(String line) {
    if (line == null || line.isBlank()) {
      return new ChatCommand.Blank();
    }
    Matcher command = split(line.stripLeading());
    String rest = restOf(command);
    Optional<CommandSyntax> syntax = CommandSyntax.forWord(command.group(1));
    if (syntax.isEmpty()) {
      return new ChatCommand.Invalid();
    }
    return switch (syntax.get()) {
      case SEND -> send(rest);
      case SEND_ALL ->
          rest.isBlank() ? misused(CommandSyntax.SEND_ALL) : new ChatCommand.SendAll(rest);
      case DEREG -> withOptionalName(rest, CommandSyntax.DEREG, ChatCommand.Dereg::new);
      case REG -> withOptionalName(rest, CommandSyntax.REG, ChatCommand.Reg::new);
      case LIST -> rest.isBlank() ? new ChatCommand.ListClients() : misused(CommandSyntax.LIST);
      case HELP -> rest.isBlank() ? new ChatCommand.Help() : misused(CommandSyntax.HELP);
      case QUIT -> rest.isBlank() ? new ChatCommand.Quit() : misused(CommandSyntax.QUIT);
    };
  }

  private static ChatCommand send(String rest) {
    if (rest.isBlank()) {
      return misused(CommandSyntax.SEND);
    }
    Matcher nameAndMessage = split(rest.stripLeading());
    String message = restOf(nameAndMessage);
    return message.isBlank()
        ? misused(CommandSyntax.SEND)
        : new ChatCommand.Send(nameAndMessage.group(1), message);
  }

  /** {@code dereg} and {@code reg} take nothing or one word (the client's own name). */
  private static ChatCommand withOptionalName(
      String rest, CommandSyntax syntax, Function<Optional<String>, ChatCommand> command) {
    if (rest.isBlank()) {
      return command.apply(Optional.empty());
    }
    String[] words = rest.strip().split("\\s+");
    return words.length == 1 ? command.apply(Optional.of(words[0])) : misused(syntax);
  }

  private static Matcher split(String text) {
    Matcher matcher = WORD_AND_REST.matcher(text);
    if (!matcher.matches()) {
      // callers pass non-blank text without leading whitespace
      throw new IllegalStateException("not a word: " + text);
    }
    return matcher;
  }

  private static String restOf(Matcher matcher) {
    return matcher.group(2) == null ? "" : matcher.group(2);
  }

  private static ChatCommand misused(CommandSyntax syntax) {
    return new ChatCommand.Misused(syntax.usage());
  }
}
