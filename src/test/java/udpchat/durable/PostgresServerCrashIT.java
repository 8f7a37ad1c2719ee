package udpchat.durable;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import udpchat.server.RegistryJournal;
import udpchat.testing.TestPostgres;

/**
 * The crash scenario with the production journal: a real PostgreSQL server ({@link
 * TestPostgres}).
 */
class PostgresServerCrashIT extends ServerCrashScenario {

  @Override
  List<String> storeSettings() {
    return TestPostgres.storeSettings();
  }

  /** The server's tables, created if missing, without the registry of an earlier run. */
  @BeforeEach
  void emptyJournal() throws Exception {
    TestPostgres.emptyJournal();
  }

  @Test
  void aServerKilledRightAfterASaveAckLosesNothing() throws Exception {
    crashRightAfterASaveAckLosesNothing();
    try (Connection connection = TestPostgres.connect();
        PreparedStatement count = connection.prepareStatement(
            "SELECT count(*) FROM event_journal WHERE persistence_id LIKE ?")) {
      count.setString(1, RegistryJournal.SERVER_PREFIX + "-client|%");
      try (ResultSet rows = count.executeQuery()) {
        assertTrue(rows.next() && rows.getLong(1) > 0, "the events are in PostgreSQL");
      }
    }
    assertFalse(Files.exists(workDir.resolve("data")), "nothing was written to local disk");
  }
}
