package udpchat.server;

import java.util.UUID;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * Where in the configured journal the registry keeps its events, and how often it writes a
 * snapshot so that a restart replays at most that many events.
 *
 * @param persistenceId the journal's key for this registry's events and snapshots
 * @param snapshotEvery events between two snapshots
 */
public record RegistryJournal(PersistenceId persistenceId, int snapshotEvery) {
  /** The server's key: one registry per journal (per data directory or database). */
  public static final String SERVER_ID = "udpchat-registry";

  public static final int DEFAULT_SNAPSHOT_EVERY = 1000;

  public RegistryJournal {
    if (snapshotEvery < 1) {
      throw new IllegalArgumentException("udpchat.snapshot-every must be at least 1");
    }
  }

  /** The server's registry: a restart recovers everything it had. */
  public static RegistryJournal server(int snapshotEvery) {
    return new RegistryJournal(PersistenceId.ofUniqueId(SERVER_ID), snapshotEvery);
  }

  /** A registry that starts empty: its events go under a key of its own, never used before. */
  public static RegistryJournal fresh() {
    return new RegistryJournal(
        PersistenceId.ofUniqueId(SERVER_ID + "-" + UUID.randomUUID()), DEFAULT_SNAPSHOT_EVERY);
  }
}
