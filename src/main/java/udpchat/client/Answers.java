package udpchat.client;

import java.util.List;
import java.util.Optional;
import udpchat.NodeExit;
import udpchat.console.ConsoleLines;
import udpchat.protocol.Packet;
import udpchat.protocol.ProtocolError;

/**
 * What the answer to an errand, or the lack of one, means (SPEC §3, §6). Decides only; the client
 * actor prints, sends and waits.
 */
final class Answers {
  private final Requests requests;
  private final TableReplica table;

  Answers(Requests requests, TableReplica table) {
    this.requests = requests;
    this.table = table;
  }

  /**
   * What a reply that carries the id of the errand's request means: an ACK or a refusal ends the
   * errand; anything else (an error from a peer, an answer of the wrong kind) ends nothing.
   */
  Optional<Step> answered(Errand errand, Packet.Reply reply) {
    if (reply instanceof Packet.Ack) {
      return Optional.of(acknowledged(errand));
    }
    if (reply instanceof Packet.ErrorReply error && !(errand instanceof Errand.DirectDelivery)) {
      if (error.table() != null) {
        table.merge(error.table()); // the server's current entries, with "[Client y exists!!]"
      }
      return Optional.of(refused(errand, error));
    }
    return Optional.empty();
  }

  private Step acknowledged(Errand errand) {
    if (errand instanceof Errand.GoOffline goOffline) {
      List<String> bye = List.of(ConsoleLines.offlineBye());
      return goOffline.quitting()
          ? new Step.Exit(bye, NodeExit.ok())
          : new Step.Resume(bye, false);
    }
    if (errand instanceof Errand.ComeBackOnline) {
      return new Step.Resume(List.of(), true); // stored messages come as offline_messages
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
   * The protocol's own refusals of a to_offline are acted on; any other is printed. The table
   * already holds the entry that "[Client y exists!!]" brings.
   */
  private Step refused(Errand errand, Packet.ErrorReply error) {
    if (errand instanceof Errand.OfflineDelivery handed
        && ProtocolError.CLIENT_EXISTS.matches(error, handed.peer())) {
      return peerExists(handed);
    }
    if (errand instanceof Errand.OfflineDelivery handed
        && ProtocolError.MAILBOX_FULL.matches(error, handed.peer())) {
      return resume(ConsoleLines.notSavedMailboxFull(handed.peer()));
    }
    String refusal = ConsoleLines.serverRefused(error.message());
    if (errand instanceof Errand.GoOffline goOffline && goOffline.quitting()) {
      return new Step.Exit(List.of(refusal, ConsoleLines.exiting()), NodeExit.failed());
    }
    return new Step.Resume(List.of(refusal), !(errand instanceof Errand.ComeBackOnline));
  }

  /** Out of attempts: a silent peer means hand the message over; a silent server, exit. */
  Step unanswered(Errand errand, String session) {
    if (errand instanceof Errand.DirectDelivery direct) {
      return requests
          .handToServer(session, direct.peer(), direct.message(), direct.secondRound())
          .after(ConsoleLines.noAckSentToServer(direct.peer()));
    }
    return giveUp(ConsoleLines.serverNotResponding());
  }

  /** conf_reg is taken by the client; no_reg and error end it. */
  static Step.Exit registrationRefused(Packet.Reply reply) {
    return giveUp(
        reply instanceof Packet.ErrorReply error
            ? ConsoleLines.serverRefused(error.message())
            : ConsoleLines.invalidName());
  }

  /** The client cannot go on: say why, then exit with status 1. */
  static Step.Exit giveUp(String why) {
    return new Step.Exit(List.of(why, ConsoleLines.exiting()), NodeExit.failed());
  }

  /**
   * The server says the peer is online: tried directly once more, at the address the server gave.
   * A second "exists" means it was tried twice: the message is not delivered.
   */
  private Step peerExists(Errand.OfflineDelivery handed) {
    String peer = handed.peer();
    if (handed.secondRound()) {
      return resume(ConsoleLines.notDelivered(peer));
    }
    String exists = ConsoleLines.clientExists(peer);
    return table
        .get(peer)
        .<Step>map(entry ->
            requests.deliverDirectly(peer, handed.message(), entry.address(), true).after(exists))
        .orElseGet(() -> new Step.Resume(List.of(exists, ConsoleLines.notDelivered(peer)), true));
  }

  private static Step resume(String line) {
    return new Step.Resume(List.of(line), true);
  }
}
