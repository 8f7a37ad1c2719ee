package udpchat.server;

import udpchat.protocol.ClientEntry;

/**
 * A change of the client table, in the one order of table changes: the directory's journal is
 * this list.
 *
 * @param entry the name's line as it is now (a new name, or one gone online or offline)
 * @param token the name's current session token, so pushes carry it without asking the entity
 * @param seqNr the entity's event that the line is from: reports that arrive out of order are
 *     told apart, and the older one changes nothing
 */
public record DirectoryEvent(ClientEntry entry, String token, long seqNr) implements JournalJson {}
