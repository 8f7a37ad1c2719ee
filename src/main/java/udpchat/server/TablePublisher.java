package udpchat.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;
import udpchat.protocol.Packet;
import udpchat.protocol.Packet.ConfReg;
import udpchat.protocol.Packet.ErrorReply;
import udpchat.protocol.Packet.Freg;
import udpchat.protocol.Packet.TableSync;
import udpchat.protocol.Packet.TableUpdate;
import udpchat.protocol.RecentRequests;
import udpchat.transport.Transport;

/**
 * How the table in a gateway's {@link Roster} reaches the clients: a registrant's conf_reg with the
 * whole table (and the answers to a freg's repeats), the changes broadcast to the online clients,
 * and the changes a client asks for with table_sync. Owned by the gateway, which sends what its methods return and runs the
 * window's timer; every broadcast of the node starts in {@link #publish}.
 *
 * <p>Broadcasts to many clients are throttled. A change after a quiet spell goes out at once (once
 * the gateway's mailbox is drained, so changes that arrive together go together); after a
 * broadcast to {@code table-publish-window-from} clients or more, the changes that come within the
 * window wait for its end and go out together, in one table_update per client. A crowd
 * registering one by one so costs each online client one update a window, not one per
 * registrant; every client still gets every change, in version order. A small chat is never
 * held: there a broadcast costs little, and its people see each change at once.
 */
final class TablePublisher {
  /** Where the broadcast stands between two changes. */
  private enum Phase {
    /** Nothing is waiting: the next change goes out at once. */
    QUIET,
    /** The gateway has been asked to publish, after what waits in its mailbox. */
    DUE,
    /** A broadcast to many went out less than a window ago: changes wait for the window's end. */
    HOLDING
  }

  private final Roster roster;
  private final TableParts tableParts;
  private final Duration window;
  private final int windowFrom;
  private final int maxClients;
  private final Logger log;
  /** The answers to recent fregs, by source and id: a repeat gets the same answer. */
  private final RecentRequests fregs;
  private Phase phase = Phase.QUIET;
  /**
   * This gateway sends the clients the table's changes and conf_regs (it is on the directory's
   * node, {@link Directory.Changed#publishes}): every node keeps the table and the answers to
   * fregs, one tells the clients, so each hears of each change once.
   */
  private boolean publishing = true;
  /** The table version the last broadcast carried the clients to. */
  private long publishedVersion;
  /** The whole table in parts as the last registrant got it: most parts serve the next one. */
  private List<ClientTable> wholeTable = List.of();
  /** The table's size and in-place changes when {@link #wholeTable} was split. */
  private int wholeTableSize;
  private long wholeTableChanges = -1;
  /** Clients offline only for their silence: they are sent the table's changes too. */
  private final Set<String> silent = new HashSet<>();
  /** Clients sent the whole table by conf_reg since the last broadcast, and its version. */
  private final Map<String, Long> confirmedAt = new HashMap<>();

  TablePublisher(Roster roster, ServerSettings settings, Logger log) {
    this.roster = roster;
    this.tableParts = new TableParts(settings.codec());
    this.window = settings.chat().tablePublishWindow();
    this.windowFrom = settings.chat().tablePublishWindowFrom();
    this.maxClients = settings.chat().limits().maxClients();
    this.log = log;
    this.fregs = new RecentRequests(settings.chat().recentIds());
  }

  /** Whether this gateway is the one that tells the clients (see {@link #publishing}). */
  boolean publishes() {
    return publishing;
  }

  /** How long changes wait after a broadcast. */
  Duration window() {
    return window;
  }

  /**
   * Takes in a change of the directory's (the roster prints it) and confirms the registrations it
   * lists: conf_reg with the table as it is now, before any broadcast of the change. The change
   * goes to the other clients with the next {@link #publish}.
   */
  List<Transport.Send> apply(Directory.Changed change) {
    long before = roster.table().version();
    roster.apply(change);
    publishing = change.publishes();
    if (change.whole()) {
      // A whole table no newer than this one (asked for twice at the start, or from a directory
      // that moved) leaves the changes still to broadcast as they are.
      if (change.version() > before) {
        publishedVersion = change.version();
      }
      return List.of();
    }
    for (ClientEntry entry : change.entries()) {
      if (change.silent().contains(entry.name())) {
        silent.add(entry.name());
      } else {
        silent.remove(entry.name());
      }
    }
    List<Transport.Send> confirmations = new ArrayList<>();
    for (Gateway.Confirm confirm : change.confirms()) {
      confirmations.addAll(confirm(confirm));
    }
    return publishing ? confirmations : List.of();
  }

  /**
   * After a change: true when the gateway is to {@link #publish} once its mailbox is drained; false
   * when nothing is new, a publication is due already, or the window's end will carry it.
   */
  boolean publishSoon() {
    if (phase != Phase.QUIET || roster.table().version() <= publishedVersion) {
      return false;
    }
    phase = Phase.DUE;
    return true;
  }

  /**
   * The changes since the last broadcast to every online client (and every one offline only for
   * its silence: it may be alive, and if it sees itself offline it says so), in as many parts as
   * they take, each copy with its recipient's token; but not to a registrant whose conf_reg had
   * them all already. A broadcast to many clients opens a window: see {@link #holding}.
   */
  List<Transport.Send> publish() {
    long version = roster.table().version();
    List<Transport.Send> updates = new ArrayList<>();
    int recipients = 0;
    if (version > publishedVersion) {
      List<ClientTable> parts = tableParts.split(roster.table().changedSince(publishedVersion));
      for (ClientEntry client : roster.table().all()) {
        if (!client.online() && !silent.contains(client.name())) {
          continue;
        }
        Long confirmed = confirmedAt.get(client.name());
        if (confirmed == null || confirmed < version) {
          recipients++;
          updates.addAll(parts(client.address(), publishedVersion, parts, 1,
              roster.tokenOf(client.name())));
        }
      }
    }
    confirmedAt.clear();
    publishedVersion = version;
    phase = recipients >= windowFrom && !window.isZero() ? Phase.HOLDING : Phase.QUIET;
    return publishing ? updates : List.of();
  }

  /** The last {@link #publish} opened a window: publish again at its end. */
  boolean holding() {
    return phase == Phase.HOLDING;
  }

  /**
   * conf_reg: the session token and the first part of the whole table; the other parts follow at
   * once as table_update (base 0). A repeated freg is confirmed again, with the same token and
   * the table as it is then; parts that went missing the client asks for with table_sync.
   */
  private List<Transport.Send> confirm(Gateway.Confirm confirm) {
    ClientRegistry table = roster.table();
    // A registration burst only adds names: the parts made for the last registrant but its last
    // are this one's too, so each registrant's table costs its last part, not the whole table.
    List<ClientTable> parts = table.inPlaceChanges() == wholeTableChanges
        ? tableParts.extend(wholeTable, table.after(wholeTableSize))
        : tableParts.split(table.all(), wholeTable);
    wholeTable = parts;
    wholeTableSize = table.size();
    wholeTableChanges = table.inPlaceChanges();
    long version = table.version();
    confirmedAt.put(confirm.name(), version);
    // Only the token is kept for a repeat: a table in each of thousands of remembered answers
    // would cost more than the table itself.
    fregs.replied(confirm.registrant(), confirm.fregId(),
        new ConfReg(confirm.fregId(), ClientTable.EMPTY, confirm.token()));
    List<Transport.Send> packets = new ArrayList<>();
    packets.add(new Transport.Send(new ConfReg(confirm.fregId(), version, parts.size(), parts.get(0),
        confirm.token()), confirm.registrant()));
    packets.addAll(parts(confirm.registrant(), 0, parts, 2, confirm.token()));
    return packets;
  }

  /**
   * A freg, before its entity sees it: empty when its entity is to register it (its first time,
   * from the port it states, with room in the table); else what to answer now. A freg is acted on
   * once per source and id: a repeat gets the same answer (a conf_reg with the table as it is
   * now), or none while the first is in progress.
   */
  Optional<List<Transport.Send>> answer(Freg freg, InetSocketAddress source) {
    int statedPort = freg.message().port();
    if (statedPort != source.getPort()) {
      return Optional.of(refuse(freg.id(), source, "stated port " + statedPort
          + " is not the port " + source.getPort() + " the request came from"));
    } else if (roster.isFullFor(freg.message().name())) {
      return Optional.of(refuse(freg.id(), source,
          "the client table is full (" + maxClients + " clients)"));
    } else if (fregs.firstTime(source, freg.id())) {
      return Optional.empty();
    }
    Optional<Packet> answer = fregs.replyTo(source, freg.id());
    log.debug("repeat of freg id {} from {}: {}", freg.id(), source,
        answer.isPresent() ? "answering again" : "in progress, ignored");
    return Optional.of(answer.map(reply -> reply instanceof ConfReg confirmed
            ? confirm(new Gateway.Confirm(freg.message().name(), source, freg.id(),
                confirmed.token()))
            : List.of(new Transport.Send(reply, source)))
        .orElse(List.of()));
  }

  /** The entity's answer to a freg (a refusal): sent, and given again to the freg's repeats. */
  List<Transport.Send> replied(Gateway.Reply reply) {
    fregs.replied(reply.to(), reply.fregId(), reply.reply());
    return List.of(new Transport.Send(reply.reply(), reply.to()));
  }

  private List<Transport.Send> refuse(long id, InetSocketAddress source, String reason) {
    log.warn("refusing request id {} from {}: {}", id, source, reason);
    ErrorReply error = ErrorReply.of(id, reason);
    fregs.replied(source, id, error);
    return List.of(new Transport.Send(error, source));
  }

  /** A client missed an update or a part: the changes after the version it has. */
  List<Transport.Send> partsAfter(TableSync sync, InetSocketAddress to) {
    long version = roster.table().version();
    // A client ahead of the server (it cannot be, but a peer may claim anything) starts afresh.
    long base = sync.version() <= version ? sync.version() : 0;
    List<ClientTable> parts = tableParts.split(roster.table().changedSince(base));
    return parts(to, base, parts, 1, roster.tokenOf(sync.name()));
  }

  private List<Transport.Send> parts(
      InetSocketAddress to, long base, List<ClientTable> parts, int first, String token) {
    long version = roster.table().version();
    List<Transport.Send> packets = new ArrayList<>();
    for (int part = first; part <= parts.size(); part++) {
      packets.add(new Transport.Send(
          new TableUpdate(version, base, part, parts.size(), parts.get(part - 1), token), to));
    }
    return packets;
  }
}
