package udpchat.client;

import java.util.Arrays;
import java.util.Optional;

/** The client's commands: the word that starts each, its usage and its meaning, for help lines. */
public enum CommandSyntax {
  SEND("send", "send <name> <message>", "send a direct message"),
  SEND_ALL("send_all", "send_all <message>", "send a message to every registered client"),
  DEREG("dereg", "dereg [<your-name>]", "go offline (the client keeps running)"),
  REG("reg", "reg [<your-name>]", "come back online and get stored messages"),
  LIST("list", "list", "show the clients this client knows"),
  HELP("help", "help", "show these commands"),
  QUIT("quit", "quit", "go offline and exit");

  private final String word;
  private final String usage;
  private final String meaning;

  CommandSyntax(String word, String usage, String meaning) {
    this.word = word;
    this.usage = usage;
    this.meaning = meaning;
  }

  public String word() {
    return word;
  }

  public String usage() {
    return usage;
  }

  public String meaning() {
    return meaning;
  }

  /** The command a line starts with; commands are lower case. */
  public static Optional<CommandSyntax> forWord(String word) {
    return Arrays.stream(values()).filter(command -> command.word.equals(word)).findFirst();
  }
}
