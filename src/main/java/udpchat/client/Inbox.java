package udpchat.client;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import udpchat.console.Console;
import udpchat.console.ConsoleLines;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.Packet;
import udpchat.protocol.RecentRequests;
import udpchat.protocol.SessionToken;
import udpchat.protocol.StoredMessage;
import udpchat.transport.Transport;

/**
 * The client's handling of every datagram that does not answer its request in flight: what others
 * deliver (direct and group messages, receipts, the offline mailbox), status checks and table
 * updates, with what the table needs next (a table_sync when one was missed or a part is late).
 * A delivery is shown once and ACKed every time it arrives, so a retransmission whose ACK was
 * lost is answered again but never shown twice. Anything else is logged and dropped, never
 * answered. It never writes to the socket: {@link #take} returns what the client sends in answer.
 * Used only from inside the client actor, which owns the table and passes the session.
 *
 * <p>Who may send what: the server's packets count only from a listed server's address with this
 * client's session token (the servers are one chat: any of them may push, and the answer goes back
 * to the one that did); a direct message only from the address the table lists for its sender.
 * A sender the table does not list cannot be checked, so its message is dropped: a new client is
 * announced by table_update before it can send, and a message dropped because that update was lost
 * reaches this client through the server once its sender has had no ACK.
 */
final class Inbox {
  /** How many server packets are kept while registration is not yet confirmed. */
  private static final int HELD_BEFORE_REGISTRATION = 32;

  /**
   * What taking a datagram asks of the client: the packets to send ({@code ack}, {@code
   * status_confirm}, a {@code table_sync} for a table that fell behind); whether to (re)start the
   * table's timer, for parts still missing; whether it was a table_update of this session.
   */
  record Taken(List<Transport.Send> sends, boolean waitForTable, boolean tableTaken) {
    static final Taken NOTHING = new Taken(List.of(), false, false);

    static Taken reply(Packet packet, InetSocketAddress to) {
      return new Taken(List.of(new Transport.Send(packet, to)), false, false);
    }
  }

  private final String me;
  private final Servers servers;
  private final Console console;
  private final RecentRequests recent;
  private final Logger log;
  private final TableReplica table;

  /** Server packets that came before conf_reg, oldest first (see {@link #releaseHeld}). */
  private final List<Transport.Received> beforeRegistration = new ArrayList<>();

  /** The mailbox being shown (it may come in parts) has not had its header yet. */
  private boolean mailboxHeaderDue;

  Inbox(
      ClientOptions options,
      Servers servers,
      int recentIds,
      Console console,
      Logger log,
      TableReplica table) {
    this.me = options.name();
    this.servers = servers;
    this.console = console;
    this.recent = new RecentRequests(recentIds);
    this.log = log;
    this.table = table;
  }

  /**
   * Takes a datagram that answers nothing in flight. {@code session} is empty until registration
   * is confirmed. {@code online} is false only after dereg: then chat and status checks get no
   * answer at all, so the server goes on treating this client as offline and stores what it sends.
   */
  Taken take(Transport.Event event, Optional<String> session, boolean online) {
    if (event instanceof Transport.Rejected rejected) {
      log.info("<- unreadable datagram from {} dropped: {}", rejected.from(), rejected.reason());
      return Taken.NOTHING;
    }
    if (!(event instanceof Transport.Received received)) {
      log.debug("ignoring socket event {}", event);
      return Taken.NOTHING;
    }
    Packet packet = received.packet();
    InetSocketAddress from = received.from();
    if (packet instanceof Packet.ServerPush push && servers.lists(from)) {
      if (session.isEmpty()) {
        holdUntilRegistered(received);
        return Taken.NOTHING;
      }
      if (!SessionToken.matches(session.get(), push.token())) {
        log.info("<- {} from server {} without this session's token: dropped", push, from);
        return Taken.NOTHING;
      }
      return fromServer(push, from, session.get(), online);
    }
    if (!online && packet instanceof Packet.ForOnlineClient) {
      log.debug("<- {} from {} while offline: ignored", packet, from);
    } else if (packet instanceof Packet.DirectMessage direct) {
      return directMessage(direct, from);
    } else if (packet instanceof Packet.Reply) {
      log.debug("<- {} from {} answers nothing in flight: dropped", packet, from);
    } else {
      log.info("<- unexpected {} from {}: dropped", packet, from);
    }
    return Taken.NOTHING;
  }

  /** A packet a server sent this session unasked; what it asks for goes back to that server. */
  private Taken fromServer(
      Packet.ServerPush push, InetSocketAddress server, String session, boolean online) {
    if (push instanceof Packet.TableUpdate update) {
      log.debug("<- table_update version {} after {}, part {} of {}: {} entries",
          update.version(), update.base(), update.part(), update.parts(), update.table().size());
      return followUp(table.take(update), session, true);
    }
    if (push instanceof Packet.OfflineMessages mailbox) {
      return once(mailbox, server, session, () -> showMailbox(mailbox));
    }
    if (!online) {
      log.debug("<- {} from the server while offline: ignored", push);
      return Taken.NOTHING;
    }
    if (push instanceof Packet.GroupChat group) {
      return once(group, server, session,
          () -> console.line(ConsoleLines.incomingGroup(group.name(), group.message())));
    }
    if (push instanceof Packet.Receipt receipt) {
      return once(receipt, server, session,
          () -> console.line(ConsoleLines.offlineReceipt(receipt.timestamp(), receipt.name())));
    }
    Packet.StatusCheck check = (Packet.StatusCheck) push; // the last kind of push
    log.debug("<- status_check #{}: confirming", check.id());
    return Taken.reply(new Packet.StatusConfirm(check.id(), me, session), server);
  }

  /** conf_reg: the table it starts, and what that table needs next. */
  Taken registered(Packet.ConfReg confirmed) {
    return followUp(table.confirmed(confirmed), confirmed.token(), false);
  }

  /** The table's timer is up: maybe the changes after the version held are asked for again. */
  Taken tableTimedOut(String session) {
    return table.timedOut() ? askForTable(session) : Taken.NOTHING;
  }

  /** What a table update asks for: maybe a table_sync now, maybe a timer for missing parts. */
  private Taken followUp(TableReplica.Next next, String session, boolean tableTaken) {
    if (next == TableReplica.Next.ASK_NOW) {
      return new Taken(askForTable(session).sends(), true, tableTaken);
    }
    return new Taken(List.of(), next == TableReplica.Next.START_TIMER, tableTaken);
  }

  /** table_sync: the changes after the version held; asked again if they do not come whole. */
  private Taken askForTable(String session) {
    log.debug("-> table_sync after version {}", table.version());
    Packet.TableSync sync = new Packet.TableSync(me, table.version(), session);
    return new Taken(List.of(new Transport.Send(sync, servers.current())), true, false);
  }

  /**
   * The server's packets can overtake its conf_reg: after a restart it sends the mailbox right
   * behind it, and conf_reg may be lost and sent again. They are kept (a few) until the session
   * they must carry is known.
   */
  private void holdUntilRegistered(Transport.Received received) {
    if (beforeRegistration.size() >= HELD_BEFORE_REGISTRATION) {
      log.info("<- {} before registration, {} already held: dropped",
          received.packet(), HELD_BEFORE_REGISTRATION);
      return;
    }
    log.debug("<- {} before registration: held until conf_reg", received.packet());
    beforeRegistration.add(received);
  }

  /** Registration is confirmed: the server's packets that came before it, to be taken now. */
  List<Transport.Received> releaseHeld() {
    List<Transport.Received> held = List.copyOf(beforeRegistration);
    beforeRegistration.clear();
    return held;
  }

  /** Only from the address the table lists for the sender; an unlisted sender cannot be checked. */
  private Taken directMessage(Packet.DirectMessage direct, InetSocketAddress from) {
    Optional<ClientEntry> listed = table.get(direct.nameFrom());
    if (listed.isEmpty()) {
      log.info("<- msg #{} from {} names {}, whom the table does not list: dropped",
          direct.id(), from, direct.nameFrom());
      return Taken.NOTHING;
    }
    if (!listed.get().isAt(from)) {
      log.info(
          "<- msg #{} names {} but comes from {}, not {}: dropped",
          direct.id(),
          direct.nameFrom(),
          from,
          listed.get().address());
      return Taken.NOTHING;
    }
    return once(direct, from, new Packet.Ack(direct.id(), me),
        () -> console.line(ConsoleLines.incomingDirect(direct.nameFrom(), direct.msg())));
  }

  /**
   * The mailbox after {@code reg}, oldest first; an empty one prints nothing. A mailbox in parts
   * has its header once, before the first entry shown. An entry this client has already shown (its
   * ACK was lost, so the server kept it) is skipped.
   */
  private void showMailbox(Packet.OfflineMessages mailbox) {
    if (!mailbox.isContinuation()) {
      mailboxHeaderDue = !mailbox.offlineMessages().isEmpty();
    }
    for (StoredMessage stored : mailbox.offlineMessages()) {
      if (alreadyShown(stored)) {
        log.debug("<- offline message {} was shown when it first came: skipped", stored);
        continue;
      }
      if (mailboxHeaderDue) {
        console.line(ConsoleLines.youHaveOfflineMessages());
        mailboxHeaderDue = false;
      }
      console.line(lineFor(stored));
    }
  }

  /**
   * Whether the packet that may have shown this entry before (see {@link StoredMessage#id()}) was
   * shown; if not, it is remembered now, so a late copy of that packet is not shown either. A
   * group message or a receipt may have come from any of the servers, whichever stores it now.
   */
  private boolean alreadyShown(StoredMessage stored) {
    if (stored.id() == null) {
      return false;
    }
    // A sender the table does not list could not have been shown: its messages are dropped.
    List<InetSocketAddress> shownFrom =
        stored.group() || stored.isReceipt()
            ? servers.all()
            : table.get(stored.from()).map(ClientEntry::address).stream().toList();
    boolean shown = shownFrom.stream().anyMatch(at -> recent.contains(at, stored.id()));
    shownFrom.forEach(at -> recent.firstTime(at, stored.id()));
    return shown;
  }

  static String lineFor(StoredMessage stored) {
    if (stored.isReceipt()) {
      return ConsoleLines.storedReceipt(stored.message()); // leading space included
    }
    return stored.group()
        ? ConsoleLines.storedGroup(stored.from(), stored.time(), stored.message())
        : ConsoleLines.storedDirect(stored.from(), stored.time(), stored.message());
  }

  /** A packet from the server: its ACK carries this client's session. */
  private Taken once(Packet.Request request, InetSocketAddress from, String session, Runnable show) {
    return once(request, from, new Packet.Ack(request.id(), me, session), show);
  }

  /** Shown the first time it comes; ACKed every time. */
  private Taken once(Packet.Request request, InetSocketAddress from, Packet.Ack ack, Runnable show) {
    String type = request.getClass().getSimpleName();
    if (recent.firstTime(from, request.id())) {
      log.debug("<- {} #{} from {}: shown, ACKed", type, request.id(), from);
      show.run();
      recent.replied(from, request.id(), ack);
    } else {
      log.debug("<- {} #{} from {}: a repeat, ACKed again, not shown", type, request.id(), from);
    }
    return Taken.reply(ack, from);
  }
}
