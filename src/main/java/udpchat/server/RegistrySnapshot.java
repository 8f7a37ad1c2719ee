package udpchat.server;

import java.util.List;
import java.util.Map;
import java.util.Set;
import udpchat.protocol.ClientTable;
import udpchat.protocol.StoredMessage;

/**
 * The registry's state at one moment, for tests in this package to check what must always hold.
 *
 * @param table the client table
 * @param mailboxes every non-empty mailbox, oldest message first
 * @param sessions the names that have a session token
 * @param awaiting how many of the server's packets wait for an answer
 */
record RegistrySnapshot(
    ClientTable table,
    Map<String, List<StoredMessage>> mailboxes,
    Set<String> sessions,
    int awaiting) {}
