package udpchat.server;

/**
 * Marks what the server writes to its journal (events and snapshots): Pekko serializes these as
 * JSON with its Jackson serializer (the binding is in udpchat.conf), so the journal stays readable
 * and a field added later is simply missing in older entries.
 */
public interface JournalJson {}
