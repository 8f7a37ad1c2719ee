package udpchat.server;

import java.util.UUID;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * Where in the configured journal the server keeps its events: the directory under one
 * persistence id, each client's entity under one of its own, all with a common prefix; and how
 * often the directory writes a snapshot so that a restart replays at most that many events.
 *
 * @param prefix what every persistence id of this server starts with
 * @param snapshotEvery directory events between two snapshots
 */
public record RegistryJournal(String prefix, int snapshotEvery) {
  /** The server's prefix: one server per journal (per data directory or database). */
  public static final String SERVER_PREFIX = "udpchat";

  /**
   * The one persistence id of the layout before entities, when one actor kept everything: a
   * journal that has events under it was written by that layout ({@code LegacyLayout}).
   */
  public static final String LEGACY_ID = "udpchat-registry";

  public static final int DEFAULT_SNAPSHOT_EVERY = 1000;

  public RegistryJournal {
    if (snapshotEvery < 1) {
      throw new IllegalArgumentException("udpchat.snapshot-every must be at least 1");
    }
  }

  /** The server's journal: a restart recovers everything it had. */
  public static RegistryJournal server(int snapshotEvery) {
    return new RegistryJournal(SERVER_PREFIX, snapshotEvery);
  }

  /** A server that starts empty: its events go under a prefix of its own, never used before. */
  public static RegistryJournal fresh() {
    return new RegistryJournal(SERVER_PREFIX + "-" + UUID.randomUUID(), DEFAULT_SNAPSHOT_EVERY);
  }

  public PersistenceId directoryId() {
    return PersistenceId.ofUniqueId(prefix + "-directory");
  }

  public PersistenceId clientId(String name) {
    return PersistenceId.of(prefix + "-client", name);
  }
}
