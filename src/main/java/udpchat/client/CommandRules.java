package udpchat.client;

import java.util.List;
import java.util.Optional;
import udpchat.NodeExit;
import udpchat.config.ChatLimits;
import udpchat.console.ConsoleLines;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.Packet;

/**
 * What a typed command means online and offline (SPEC §3): answered at the prompt from the table,
 * or a request to make. Decides only; the client actor prints, sends and waits.
 */
final class CommandRules {

  private final String me;
  private final ChatLimits limits;
  private final Requests requests;
  private final TableReplica table;

  CommandRules(String me, ChatLimits limits, Requests requests, TableReplica table) {
    this.me = me;
    this.limits = limits;
    this.requests = requests;
    this.table = table;
  }

  Step online(ChatCommand command, String session) {
    if (command instanceof ChatCommand.Send send) {
      return tooLong(send.message()).orElseGet(() -> sendDirect(send, session));
    }
    if (command instanceof ChatCommand.SendAll all) {
      return tooLong(all.message()).orElseGet(() -> requests.sendToAll(session, all.message()));
    }
    if (command instanceof ChatCommand.Dereg dereg) {
      return isOwnName(dereg.name())
          ? requests.goOffline(session, false)
          : misused(CommandSyntax.DEREG);
    }
    if (command instanceof ChatCommand.Reg reg) {
      return isOwnName(reg.name())
          ? new Step.Stay(ConsoleLines.alreadyOnline())
          : misused(CommandSyntax.REG);
    }
    if (command instanceof ChatCommand.Quit) {
      return requests.goOffline(session, true);
    }
    return inAnyState(command);
  }

  /** After dereg: only reg, list, help and quit. */
  Step offline(ChatCommand command, String session) {
    if (command instanceof ChatCommand.Send || command instanceof ChatCommand.SendAll) {
      return new Step.Stay(ConsoleLines.offlineOnly());
    }
    if (command instanceof ChatCommand.Dereg dereg) {
      return isOwnName(dereg.name())
          ? new Step.Stay(ConsoleLines.offlineOnly())
          : misused(CommandSyntax.DEREG);
    }
    if (command instanceof ChatCommand.Reg reg) {
      return isOwnName(reg.name())
          ? requests.comeBackOnline(session).after(ConsoleLines.regSent())
          : misused(CommandSyntax.REG);
    }
    if (command instanceof ChatCommand.Quit) {
      return new Step.Exit(List.of(), NodeExit.ok());
    }
    return inAnyState(command);
  }

  /** list, help, blank, invalid and misused lines: the same online and offline. */
  private Step inAnyState(ChatCommand command) {
    if (command instanceof ChatCommand.ListClients) {
      return new Step.Stay(
          table.entries().stream()
              .map(entry ->
                  ConsoleLines.listEntry(entry.name(), entry.ip(), entry.port(), entry.online()))
              .toList());
    }
    if (command instanceof ChatCommand.Help) {
      return new Step.Stay(
          List.of(CommandSyntax.values()).stream()
              .map(syntax -> ConsoleLines.helpEntry(syntax.usage(), syntax.meaning()))
              .toList());
    }
    if (command instanceof ChatCommand.Misused misused) {
      return new Step.Stay(ConsoleLines.usage(misused.usage()));
    }
    if (command instanceof ChatCommand.Invalid) {
      return new Step.Stay(ConsoleLines.invalidCommand());
    }
    return new Step.Stay(List.of()); // a blank line
  }

  /** A peer the table shows online gets the message directly; an offline one through the server. */
  private Step sendDirect(ChatCommand.Send send, String session) {
    Optional<ClientEntry> peer = table.get(send.name());
    if (peer.isEmpty()) {
      return new Step.Stay(ConsoleLines.noSuchClient(send.name()));
    }
    Packet.DirectMessage message = requests.directMessage(send.message());
    return peer.get().online()
        ? requests.deliverDirectly(send.name(), message, peer.get().address(), false)
        : requests.handToServer(session, send.name(), message, false);
  }

  /** A message over the limit is refused at the prompt: nothing is sent. */
  private Optional<Step> tooLong(String message) {
    if (!limits.isTooLong(message)) {
      return Optional.empty();
    }
    return Optional.of(
        new Step.Stay(ConsoleLines.messageTooLong(ChatLimits.length(message), limits.maxMessageChars())));
  }

  private boolean isOwnName(Optional<String> name) {
    return name.map(me::equals).orElse(true);
  }

  private static Step misused(CommandSyntax syntax) {
    return new Step.Stay(ConsoleLines.usage(syntax.usage()));
  }
}
