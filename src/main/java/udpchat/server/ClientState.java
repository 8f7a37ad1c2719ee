package udpchat.server;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.SessionToken;
import udpchat.protocol.StoredMessage;
import udpchat.server.ClientEvent.CameOnline;
import udpchat.server.ClientEvent.MailboxDelivered;
import udpchat.server.ClientEvent.MessageStored;
import udpchat.server.ClientEvent.Registered;
import udpchat.server.ClientEvent.RequestDone;
import udpchat.server.ClientEvent.SenderRequest;
import udpchat.server.ClientEvent.WentOffline;

/**
 * What the server keeps of one registered name across restarts: where it is, its session, whether
 * it is online, what is stored for it, and the ids of its latest done requests. Immutable: {@link
 * #apply} returns the state an event leaves, both while the server runs and while it replays.
 *
 * @param ip the address the name belongs to (null while the name is not registered)
 * @param token the current session's token
 * @param presence online, offline by its own wish, or offline because it did not answer
 * @param mailbox what is stored for it, oldest first
 * @param doneIds its latest done request ids in this session, oldest first
 * @param storedRequests the latest senders' requests that stored a message for it, oldest first
 *     (also once delivered: a retry after the client collected it is still a repeat)
 * @param version how many events made it: the directory tells a late report from a newer one
 */
public record ClientState(
    String ip, int port, String token, Presence presence, List<StoredMessage> mailbox,
    List<Long> doneIds, List<SenderRequest> storedRequests, long version)
    implements JournalJson {

  /** Far more than a client has unanswered at once: it sends one request at a time. */
  static final int DONE_IDS_KEPT = 32;

  /**
   * A client has one request unanswered at a time, so this is how many senders may retry a store
   * for the same recipient at once (a server restart) and each still be recognised.
   */
  static final int STORED_REQUESTS_KEPT = 64;

  public enum Presence {
    ONLINE,
    /** It said dereg. */
    OFFLINE,
    /** The server presumed it gone: a packet of its own went unanswered. */
    SILENT
  }

  public ClientState {
    mailbox = List.copyOf(mailbox);
    doneIds = List.copyOf(doneIds);
    // Missing in snapshots written before the field existed.
    storedRequests = storedRequests == null ? List.of() : List.copyOf(storedRequests);
  }

  static ClientState unregistered() {
    return new ClientState(null, 0, null, Presence.OFFLINE, List.of(), List.of(), List.of(), 0);
  }

  boolean isRegistered() {
    return ip != null;
  }

  boolean isOnline() {
    return presence == Presence.ONLINE;
  }

  boolean isSilent() {
    return presence == Presence.SILENT;
  }

  boolean isAt(InetSocketAddress source) {
    return isRegistered() && source.getPort() == port
        && ip.equals(source.getAddress().getHostAddress());
  }

  InetSocketAddress address() {
    return new InetSocketAddress(ip, port);
  }

  /** Its line in the client table. */
  ClientEntry entry(String name) {
    return new ClientEntry(name, ip, port, isOnline());
  }

  boolean isCurrent(String presented) {
    return SessionToken.matches(token, presented);
  }

  boolean isDone(long id) {
    return doneIds.contains(id);
  }

  /** Whether this sender's request has stored a message for the client already. */
  boolean hasStored(SenderRequest request) {
    return request != null && storedRequests.contains(request);
  }

  /**
   * Who may speak for the name (SPEC §5): empty when a datagram from {@code source} carrying
   * {@code presented} does; otherwise why not, for the error reply.
   */
  Optional<String> refusal(String name, String presented, InetSocketAddress source) {
    if (!isRegistered()) {
      return Optional.of("no client named " + name + " is registered");
    } else if (!isAt(source)) {
      return Optional.of(name + " is registered from another address");
    } else if (presented == null) {
      return Optional.of("missing session token for " + name);
    } else if (!isCurrent(presented)) {
      return Optional.of("wrong session token for " + name);
    }
    return Optional.empty();
  }

  /** The client as a recipient of a push: where it is and its session. */
  Gateway.Target target(String name) {
    return new Gateway.Target(name, address(), token);
  }

  /** The client's line and session for the directory, as this state has them. */
  Directory.Report report(String name) {
    return new Directory.Report(entry(name), token, version, isSilent());
  }

  ClientState apply(ClientEvent event) {
    long next = version + 1;
    if (event instanceof Registered registered) {
      // The freg counts as the session's first done request: its repeats are not a restart.
      List<Long> done = registered.fregId() == 0 ? List.of() : List.of(registered.fregId());
      return new ClientState(registered.ip(), registered.port(), registered.token(),
          Presence.ONLINE, mailbox, done, storedRequests, next);
    } else if (event instanceof WentOffline offline) {
      return withPresence(offline.silent() ? Presence.SILENT : Presence.OFFLINE, next);
    } else if (event instanceof CameOnline) {
      return withPresence(Presence.ONLINE, next);
    } else if (event instanceof MessageStored stored) {
      List<StoredMessage> more = new ArrayList<>(mailbox);
      more.add(stored.message());
      return new ClientState(ip, port, token, presence, more, doneIds,
          latest(storedRequests, stored.request(), STORED_REQUESTS_KEPT), next);
    } else if (event instanceof MailboxDelivered delivered) {
      List<StoredMessage> left = new ArrayList<>(mailbox);
      delivered.delivered().forEach(left::remove);
      return new ClientState(ip, port, token, presence, left, doneIds, storedRequests, next);
    } else if (event instanceof RequestDone done) {
      return new ClientState(ip, port, token, presence, mailbox,
          latest(doneIds, done.id(), DONE_IDS_KEPT), storedRequests, next);
    }
    throw new IllegalArgumentException("unknown event " + event);
  }

  private ClientState withPresence(Presence now, long next) {
    return new ClientState(ip, port, token, now, mailbox, doneIds, storedRequests, next);
  }

  /** {@code list} with {@code added} last (none if null), at most {@code kept} long. */
  private static <T> List<T> latest(List<T> list, T added, int kept) {
    if (added == null) {
      return list;
    }
    List<T> more = new ArrayList<>(list);
    more.add(added);
    return more.size() > kept ? more.subList(more.size() - kept, more.size()) : more;
  }
}
