package udpchat.server;

import java.util.List;
import java.util.Map;
import udpchat.protocol.ClientEntry;

/**
 * A snapshot of the directory as it goes to the journal: immutable copies.
 *
 * @param clients the client table, in first-registration order
 * @param version the table's version
 * @param tokens each name's current session token
 * @param seqNrs the entity event each name's line is from
 */
public record DirectoryImage(
    List<ClientEntry> clients, long version, Map<String, String> tokens, Map<String, Long> seqNrs)
    implements JournalJson {
  public DirectoryImage {
    clients = List.copyOf(clients);
    tokens = Map.copyOf(tokens);
    seqNrs = Map.copyOf(seqNrs);
  }
}
