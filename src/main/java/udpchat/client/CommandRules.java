package udpchat.client;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import udpchat.config.ChatLimits;
import udpchat.console.ConsoleLines;
import udpchat.protocol.ClientEntry;

/**
 * What a typed command means online and offline (SPEC §3): answered at the prompt from the table,
 * or a request to make. Decides only; the client actor sends and waits.
 */
final class CommandRules {

  /** What the client does for a command. */
  sealed interface Step {}

  /** Print these lines; nothing is sent. */
  record Say(List<String> lines) implements Step {
    Say(String line) {
      this(List.of(line));
    }
  }

  /**
   * A direct message to {@code peer}: straight to {@code at}, the address of a peer the table
   * shows online, or, without one, handed to the server.
   */
  record SendDirect(String peer, String message, Optional<InetSocketAddress> at)
      implements Step {}

  /** A group message through the server. */
  record SendToAll(String message) implements Step {}

  /** dereg; when {@code quitting}, the client exits once the server ACKs. */
  record GoOffline(boolean quitting) implements Step {}

  /** reg after dereg. */
  record ComeBackOnline() implements Step {}

  /** quit while offline: nothing to tell the server. */
  record Leave() implements Step {}

  private final String me;
  private final ChatLimits limits;

  CommandRules(String me, ChatLimits limits) {
    this.me = me;
    this.limits = limits;
  }

  Step online(ChatCommand command, TableReplica table) {
    if (command instanceof ChatCommand.Send send) {
      return tooLong(send.message()).orElseGet(() -> sendDirect(send, table));
    }
    if (command instanceof ChatCommand.SendAll all) {
      return tooLong(all.message()).orElseGet(() -> new SendToAll(all.message()));
    }
    if (command instanceof ChatCommand.Dereg dereg) {
      return isOwnName(dereg.name()) ? new GoOffline(false) : misused(CommandSyntax.DEREG);
    }
    if (command instanceof ChatCommand.Reg reg) {
      return isOwnName(reg.name())
          ? new Say(ConsoleLines.alreadyOnline())
          : misused(CommandSyntax.REG);
    }
    if (command instanceof ChatCommand.Quit) {
      return new GoOffline(true);
    }
    return inAnyState(command, table);
  }

  /** After dereg: only reg, list, help and quit. */
  Step offline(ChatCommand command, TableReplica table) {
    if (command instanceof ChatCommand.Send || command instanceof ChatCommand.SendAll) {
      return new Say(ConsoleLines.offlineOnly());
    }
    if (command instanceof ChatCommand.Dereg dereg) {
      return isOwnName(dereg.name())
          ? new Say(ConsoleLines.offlineOnly())
          : misused(CommandSyntax.DEREG);
    }
    if (command instanceof ChatCommand.Reg reg) {
      return isOwnName(reg.name()) ? new ComeBackOnline() : misused(CommandSyntax.REG);
    }
    if (command instanceof ChatCommand.Quit) {
      return new Leave();
    }
    return inAnyState(command, table);
  }

  /** list, help, blank, invalid and misused lines: the same online and offline. */
  private static Step inAnyState(ChatCommand command, TableReplica table) {
    if (command instanceof ChatCommand.ListClients) {
      return new Say(
          table.entries().stream()
              .map(entry ->
                  ConsoleLines.listEntry(entry.name(), entry.ip(), entry.port(), entry.online()))
              .toList());
    }
    if (command instanceof ChatCommand.Help) {
      return new Say(
          List.of(CommandSyntax.values()).stream()
              .map(syntax -> ConsoleLines.helpEntry(syntax.usage(), syntax.meaning()))
              .toList());
    }
    if (command instanceof ChatCommand.Misused misused) {
      return new Say(ConsoleLines.usage(misused.usage()));
    }
    if (command instanceof ChatCommand.Invalid) {
      return new Say(ConsoleLines.invalidCommand());
    }
    return new Say(List.of()); // a blank line
  }

  /** A peer the table shows online gets the message directly; an offline one through the server. */
  private static Step sendDirect(ChatCommand.Send send, TableReplica table) {
    Optional<ClientEntry> peer = table.get(send.name());
    if (peer.isEmpty()) {
      return new Say(ConsoleLines.noSuchClient(send.name()));
    }
    return new SendDirect(
        send.name(),
        send.message(),
        peer.get().online() ? Optional.of(peer.get().address()) : Optional.empty());
  }

  /** A message over the limit is refused at the prompt: nothing is sent. */
  private Optional<Step> tooLong(String message) {
    if (!limits.isTooLong(message)) {
      return Optional.empty();
    }
    return Optional.of(
        new Say(ConsoleLines.messageTooLong(ChatLimits.length(message), limits.maxMessageChars())));
  }

  private boolean isOwnName(Optional<String> name) {
    return name.map(me::equals).orElse(true);
  }

  private static Step misused(CommandSyntax syntax) {
    return new Say(ConsoleLines.usage(syntax.usage()));
  }
}
