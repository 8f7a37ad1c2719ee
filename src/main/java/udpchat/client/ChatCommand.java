package udpchat.client;

import java.util.Optional;

/** One line the person typed, understood (SPEC §3). {@link CommandParser} makes them. */
public sealed interface ChatCommand {
  /** {@code send <name> <message>}: a direct message. */
  record Send(String name, String message) implements ChatCommand {}

  /** {@code send_all <message>}: a group message through the server. */
  record SendAll(String message) implements ChatCommand {}

  /** {@code dereg [<name>]}: go offline. */
  record Dereg(Optional<String> name) implements ChatCommand {}

  /** {@code reg [<name>]}: come back online. */
  record Reg(Optional<String> name) implements ChatCommand {}

  /** {@code list}: show the client table. */
  record ListClients() implements ChatCommand {}

  /** {@code help}: list the commands. */
  record Help() implements ChatCommand {}

  /** {@code quit}: go offline if online, then exit. */
  record Quit() implements ChatCommand {}

  /** An empty or all-blank line: nothing to do. */
  record Blank() implements ChatCommand {}

  /** The first word is not a command. */
  record Invalid() implements ChatCommand {}

  /** A known command used wrongly; {@code usage} is how to use it. */
  record Misused(String usage) implements ChatCommand {}
}
