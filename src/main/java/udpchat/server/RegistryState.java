package udpchat.server;

import udpchat.protocol.ClientEntry;
import udpchat.server.RegistryEvent.CameOnline;
import udpchat.server.RegistryEvent.ClientRegistered;
import udpchat.server.RegistryEvent.ClientRestarted;
import udpchat.server.RegistryEvent.MailboxDelivered;
import udpchat.server.RegistryEvent.MessageStored;
import udpchat.server.RegistryEvent.RequestDone;
import udpchat.server.RegistryEvent.WentOffline;

/**
 * What the registry keeps across restarts: the client table, each name's session token and the
 * offline mailboxes. Only {@link #apply} changes it, one event at a time, both while the server
 * runs and while it replays its journal, so a restarted server is where the old one left off.
 * Owned by the registry actor (mutable, never shared: {@link #image} is what leaves the actor).
 */
final class RegistryState {
  private final ClientRegistry clients = new ClientRegistry();
  private final Sessions sessions = new Sessions();
  private final OfflineMailbox mailbox;
  private final DoneRequests done = new DoneRequests();

  /** An empty registry whose mailboxes accept {@code mailboxCapacity} messages each. */
  RegistryState(int mailboxCapacity) {
    this.mailbox = new OfflineMailbox(mailboxCapacity);
  }

  /** The registry a snapshot describes. */
  static RegistryState of(RegistryImage image, int mailboxCapacity) {
    RegistryState state = new RegistryState(mailboxCapacity);
    state.clients.restore(image.clients(), image.tableVersion());
    image.sessions().forEach(state.sessions::assign);
    image.mailboxes().forEach(
        (client, messages) -> messages.forEach(message -> state.mailbox.append(client, message)));
    image.doneRequests().forEach((client, ids) -> ids.forEach(id -> state.done.add(client, id)));
    return state;
  }

  ClientRegistry clients() {
    return clients;
  }

  Sessions sessions() {
    return sessions;
  }

  OfflineMailbox mailbox() {
    return mailbox;
  }

  DoneRequests done() {
    return done;
  }

  /** Who may speak for a name, as this state says. */
  Gate gate() {
    return new Gate(clients, sessions);
  }

  /** The event's effect; returns this state, changed. */
  RegistryState apply(RegistryEvent event) {
    if (event instanceof ClientRegistered registered) {
      clients.add(
          new ClientEntry(registered.name(), registered.ip(), registered.port(), true));
      sessions.assign(registered.name(), registered.token());
      done.forget(registered.name());
    } else if (event instanceof ClientRestarted restarted) {
      clients.setOnline(restarted.name(), true);
      sessions.assign(restarted.name(), restarted.token());
      done.forget(restarted.name());
    } else if (event instanceof WentOffline offline) {
      clients.setOnline(offline.name(), false);
    } else if (event instanceof CameOnline online) {
      clients.setOnline(online.name(), true);
    } else if (event instanceof MessageStored stored) {
      mailbox.append(stored.client(), stored.message());
    } else if (event instanceof MailboxDelivered delivered) {
      mailbox.removeDelivered(delivered.client(), delivered.delivered());
    } else if (event instanceof RequestDone requestDone) {
      done.add(requestDone.client(), requestDone.id());
    }
    return this;
  }

  /** An immutable copy for a snapshot. */
  RegistryImage image() {
    return new RegistryImage(clients.all(), clients.version(), sessions.all(), mailbox.all(),
        done.all());
  }
}
