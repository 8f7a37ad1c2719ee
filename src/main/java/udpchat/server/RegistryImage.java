package udpchat.server;

import java.util.List;
import java.util.Map;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.StoredMessage;

/**
 * A snapshot of the registry as it goes to the journal: immutable copies, so it can be serialized
 * while the registry goes on. Recovery starts from the latest one and replays only the events
 * written after it.
 *
 * @param clients the client table, in first-registration order
 * @param tableVersion the table's version (0 in a snapshot written before tables had one)
 * @param sessions each registered name's current session token
 * @param mailboxes every non-empty mailbox, oldest message first
 * @param doneRequests each client's latest done request ids (none in older snapshots)
 */
public record RegistryImage(
    List<ClientEntry> clients,
    long tableVersion,
    Map<String, String> sessions,
    Map<String, List<StoredMessage>> mailboxes,
    Map<String, List<Long>> doneRequests)
    implements JournalJson {
  public RegistryImage {
    doneRequests = doneRequests == null ? Map.of() : Map.copyOf(doneRequests);
    clients = List.copyOf(clients);
    sessions = Map.copyOf(sessions);
    mailboxes = Map.copyOf(mailboxes);
  }
}
