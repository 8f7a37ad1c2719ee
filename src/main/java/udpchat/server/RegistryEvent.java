package udpchat.server;

import java.util.List;
import udpchat.protocol.StoredMessage;

/**
 * What happened to the registry, in the order it happened: the journal is this list, and the
 * table, the sessions and the mailboxes are what replaying it gives ({@link RegistryState}). The
 * server answers a request that changes something only once its events are written.
 */
public sealed interface RegistryEvent extends JournalJson {

  /** A new name, online at {@code ip:port}, with its first session token. */
  record ClientRegistered(String name, String ip, int port, String token)
      implements RegistryEvent {}

  /** A registered client registered again from its own address (it restarted): online, new token. */
  record ClientRestarted(String name, String token) implements RegistryEvent {}

  /** The client went offline: it said {@code dereg}, or did not answer the server. */
  record WentOffline(String name) implements RegistryEvent {}

  /** The client came back online with {@code reg}. */
  record CameOnline(String name) implements RegistryEvent {}

  /**
   * A message (direct, group, or a receipt) was stored for offline {@code client}, with the id of
   * the packet that may already have shown it when it has one ({@link StoredMessage#id}).
   */
  record MessageStored(String client, StoredMessage message) implements RegistryEvent {}

  /**
   * {@code client}'s request {@code id} has had its effect (written with this event, in the same
   * write): a retry of it is answered again, not acted on ({@link DoneRequests}).
   */
  record RequestDone(String client, long id) implements RegistryEvent {}

  /** {@code client} acknowledged these messages from its mailbox: they leave it. */
  record MailboxDelivered(String client, List<StoredMessage> delivered) implements RegistryEvent {
    public MailboxDelivered {
      delivered = List.copyOf(delivered);
    }
  }
}
