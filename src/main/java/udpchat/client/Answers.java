package udpchat.client;

import java.net.InetSocketAddress;
import java.util.List;
import udpchat.NodeExit;
import udpchat.console.ConsoleLines;
import udpchat.protocol.Packet;
import udpchat.protocol.ProtocolError;

/**
 * What the answer to an errand, or the lack of one, means (SPEC §3, §6): the lines to print and
 * what the client does next. Decides only; the client actor sends and waits.
 */
final class Answers {
  private Answers() {}

  /** Print {@code lines}, then go on with {@code next}. */
  record Outcome(List<String> lines, Next next) {}

  /** What the client does once the lines are printed. */
  sealed interface Next {}

  /** Back online (or offline), then the commands typed meanwhile. */
  record Resume(boolean online) implements Next {}

  /** End the process. */
  record Exit(NodeExit exit) implements Next {}

  /** The server says the peer is online: the message goes to it directly once more. */
  record TryDirectlyAgain(Errand.OfflineDelivery handed, InetSocketAddress at) implements Next {}

  /** The peer did not ACK: the message goes to the server. */
  record HandOver(Errand.DirectDelivery direct) implements Next {}

  static Outcome acknowledged(Errand errand) {
    if (errand instanceof Errand.GoOffline goOffline) {
      return new Outcome(
          List.of(ConsoleLines.offlineBye()),
          goOffline.quitting() ? new Exit(NodeExit.ok()) : new Resume(false));
    }
    if (errand instanceof Errand.ComeBackOnline) {
      return new Outcome(List.of(), new Resume(true)); // stored messages come as offline_messages
    }
    if (errand instanceof Errand.GroupMessage) {
      return resume(ConsoleLines.groupReceivedByServer());
    }
    if (errand instanceof Errand.DirectDelivery direct) {
      return resume(ConsoleLines.messageReceivedBy(direct.peer()));
    }
    Errand.OfflineDelivery handed = (Errand.OfflineDelivery) errand; // the last kind
    return resume(ConsoleLines.offlineSaved(handed.timestamp()));
  }

  /**
   * The protocol's own refusals of a to_offline are acted on; any other is printed. {@code table}
   * already holds the entry that "[Client y exists!!]" brings.
   */
  static Outcome refused(Errand errand, Packet.ErrorReply error, TableReplica table) {
    if (errand instanceof Errand.OfflineDelivery handed
        && ProtocolError.CLIENT_EXISTS.matches(error, handed.peer())) {
      return peerExists(handed, table);
    }
    if (errand instanceof Errand.OfflineDelivery handed
        && ProtocolError.MAILBOX_FULL.matches(error, handed.peer())) {
      return resume(ConsoleLines.notSavedMailboxFull(handed.peer()));
    }
    String refusal = ConsoleLines.serverRefused(error.message());
    if (errand instanceof Errand.GoOffline goOffline && goOffline.quitting()) {
      return new Outcome(List.of(refusal, ConsoleLines.exiting()), new Exit(NodeExit.failed()));
    }
    return new Outcome(List.of(refusal), new Resume(!(errand instanceof Errand.ComeBackOnline)));
  }

  /** Out of attempts: a silent peer means hand the message over; a silent server, exit. */
  static Outcome unanswered(Errand errand) {
    if (errand instanceof Errand.DirectDelivery direct) {
      return new Outcome(
          List.of(ConsoleLines.noAckSentToServer(direct.peer())), new HandOver(direct));
    }
    return giveUp(ConsoleLines.serverNotResponding());
  }

  /** The client cannot go on: say why, then exit with status 1. */
  static Outcome giveUp(String why) {
    return new Outcome(List.of(why, ConsoleLines.exiting()), new Exit(NodeExit.failed()));
  }

  /** A second "exists" means the peer was tried directly twice: the message is not delivered. */
  private static Outcome peerExists(
      Errand.OfflineDelivery handed, TableReplica table) {
    String peer = handed.peer();
    if (handed.secondRound()) {
      return resume(ConsoleLines.notDelivered(peer));
    }
    return table
        .get(peer)
        .map(entry -> new Outcome(
            List.of(ConsoleLines.clientExists(peer)), new TryDirectlyAgain(handed, entry.address())))
        .orElseGet(() -> new Outcome(
            List.of(ConsoleLines.clientExists(peer), ConsoleLines.notDelivered(peer)),
            new Resume(true)));
  }

  private static Outcome resume(String line) {
    return new Outcome(List.of(line), new Resume(true));
  }
}
