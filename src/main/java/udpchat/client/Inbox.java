package udpchat.client;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
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
 * updates. A delivery is shown once and ACKed every time it arrives, so a retransmission whose ACK
 * was lost is answered again but never shown twice. Anything else is logged and dropped, never
 * answered. Used only from inside the client actor, which owns the table and the session.
 *
 * <p>Who may send what: the server's packets count only from the server's address with this
 * client's session token; a direct message only from the address the table lists for its sender.
 * A sender the table does not list cannot be checked, so its message is dropped: a new client is
 * announced by table_update before it can send, and a message dropped because that update was lost
 * reaches this client through the server once its sender has had no ACK.
 */
final class Inbox {
  /** How many server packets are kept while registration is not yet confirmed. */
  private static final int HELD_BEFORE_REGISTRATION = 32;

  private final String me;
  private final InetSocketAddress server;
  private final Console console;
  private final ActorRef<Transport.Command> socket;
  private final RecentRequests recent;
  private final Logger log;
  private final Supplier<String> session;
  private final TableReplica table;
  private final Consumer<TableReplica.Next> afterTableUpdate;

  /** Server packets that came before conf_reg, oldest first (see {@link #registered}). */
  private final List<Transport.Received> beforeRegistration = new ArrayList<>();

  /** The mailbox being shown (it may come in parts) has not had its header yet. */
  private boolean mailboxHeaderDue;

  Inbox(
      ClientOptions options,
      int recentIds,
      Console console,
      ActorRef<Transport.Command> socket,
      Logger log,
      Supplier<String> session,
      TableReplica table,
      Consumer<TableReplica.Next> afterTableUpdate) {
    this.me = options.name();
    this.server = options.server();
    this.console = console;
    this.socket = socket;
    this.recent = new RecentRequests(recentIds);
    this.log = log;
    this.session = session;
    this.table = table;
    this.afterTableUpdate = afterTableUpdate;
  }

  /**
   * {@code online} is false only after dereg: then chat and status checks get no answer at all, so
   * the server goes on treating this client as offline and stores what it sends.
   */
  void take(Transport.Event event, boolean online) {
    if (event instanceof Transport.Rejected rejected) {
      log.info("<- unreadable datagram from {} dropped: {}", rejected.from(), rejected.reason());
      return;
    }
    if (!(event instanceof Transport.Received received)) {
      log.debug("ignoring socket event {}", event);
      return;
    }
    Packet packet = received.packet();
    InetSocketAddress from = received.from();
    boolean fromServer = server.equals(from);
    if (fromServer && isServerPush(packet) && session.get() == null) {
      holdUntilRegistered(received);
    } else if (fromServer && isServerPush(packet) && !isOfThisSession(packet)) {
      log.info("<- {} from the server's address without this session's token: dropped", packet);
    } else if (packet instanceof Packet.TableUpdate update && fromServer) {
      log.debug("<- table_update version {} after {}, part {} of {}: {} entries",
          update.version(), update.base(), update.part(), update.parts(), update.table().size());
      afterTableUpdate.accept(table.take(update));
    } else if (packet instanceof Packet.OfflineMessages mailbox && fromServer) {
      once(mailbox, from, () -> showMailbox(mailbox));
    } else if (!online && isForOnlineClients(packet)) {
      log.debug("<- {} from {} while offline: ignored", packet, from);
    } else if (packet instanceof Packet.DirectMessage direct) {
      directMessage(direct, from);
    } else if (packet instanceof Packet.GroupChat group && fromServer) {
      once(
          group,
          from,
          () -> console.line(ConsoleLines.incomingGroup(group.name(), group.message())));
    } else if (packet instanceof Packet.Receipt receipt && fromServer) {
      once(
          receipt,
          from,
          () -> console.line(ConsoleLines.offlineReceipt(receipt.timestamp(), receipt.name())));
    } else if (packet instanceof Packet.StatusCheck check && fromServer) {
      log.debug("<- status_check #{}: confirming", check.id());
      socket.tell(
          new Transport.Send(new Packet.StatusConfirm(check.id(), me, session.get()), from));
    } else if (packet instanceof Packet.Reply) {
      log.debug("<- {} from {} answers nothing in flight: dropped", packet, from);
    } else {
      log.info("<- unexpected {} from {}: dropped", packet, from);
    }
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

  /** Registration is confirmed: the server's packets that came before it count now. */
  void registered() {
    List<Transport.Received> held = List.copyOf(beforeRegistration);
    beforeRegistration.clear();
    held.forEach(received -> take(received, true));
  }

  /** What the server sends unasked: each copy carries its recipient's session token. */
  private static boolean isServerPush(Packet packet) {
    return packet instanceof Packet.TableUpdate
        || packet instanceof Packet.OfflineMessages
        || packet instanceof Packet.GroupChat
        || packet instanceof Packet.Receipt
        || packet instanceof Packet.StatusCheck;
  }

  private boolean isOfThisSession(Packet packet) {
    return SessionToken.matches(session.get(), tokenOf(packet));
  }

  private static String tokenOf(Packet packet) {
    if (packet instanceof Packet.TableUpdate update) {
      return update.token();
    } else if (packet instanceof Packet.OfflineMessages mailbox) {
      return mailbox.token();
    } else if (packet instanceof Packet.GroupChat group) {
      return group.token();
    } else if (packet instanceof Packet.Receipt receipt) {
      return receipt.token();
    } else if (packet instanceof Packet.StatusCheck check) {
      return check.token();
    }
    return null;
  }

  private static boolean isForOnlineClients(Packet packet) {
    return packet instanceof Packet.DirectMessage
        || packet instanceof Packet.GroupChat
        || packet instanceof Packet.Receipt
        || packet instanceof Packet.StatusCheck;
  }

  /** Only from the address the table lists for the sender; an unlisted sender cannot be checked. */
  private void directMessage(Packet.DirectMessage direct, InetSocketAddress from) {
    Optional<ClientEntry> listed = table.get(direct.nameFrom());
    if (listed.isEmpty()) {
      log.info("<- msg #{} from {} names {}, whom the table does not list: dropped",
          direct.id(), from, direct.nameFrom());
      return;
    }
    if (!listed.get().isAt(from)) {
      log.info(
          "<- msg #{} names {} but comes from {}, not {}: dropped",
          direct.id(),
          direct.nameFrom(),
          from,
          listed.get().address());
      return;
    }
    once(
        direct,
        from,
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
   * shown; if not, it is remembered now, so a late copy of that packet is not shown either.
   */
  private boolean alreadyShown(StoredMessage stored) {
    if (stored.id() == null) {
      return false;
    }
    Optional<InetSocketAddress> shownFrom =
        stored.group() || stored.isReceipt()
            ? Optional.of(server)
            : table.get(stored.from()).map(ClientEntry::address);
    // A sender the table does not list could not have been shown: its messages are dropped.
    return shownFrom.isPresent() && !recent.firstTime(shownFrom.get(), stored.id());
  }

  static String lineFor(StoredMessage stored) {
    if (stored.isReceipt()) {
      return ConsoleLines.storedReceipt(stored.message()); // leading space included
    }
    return stored.group()
        ? ConsoleLines.storedGroup(stored.from(), stored.time(), stored.message())
        : ConsoleLines.storedDirect(stored.from(), stored.time(), stored.message());
  }

  private void once(Packet.Request request, InetSocketAddress from, Runnable show) {
    String type = request.getClass().getSimpleName();
    Packet.Ack ack =
        server.equals(from)
            ? new Packet.Ack(request.id(), me, session.get())
            : new Packet.Ack(request.id(), me);
    if (recent.firstTime(from, request.id())) {
      log.debug("<- {} #{} from {}: shown, ACKed", type, request.id(), from);
      show.run();
      recent.replied(from, request.id(), ack);
    } else {
      log.debug("<- {} #{} from {}: a repeat, ACKed again, not shown", type, request.id(), from);
    }
    socket.tell(new Transport.Send(ack, from));
  }
}
