package udpchat.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import udpchat.config.ConfigLoader;
import udpchat.server.RegistryJournal;
import udpchat.store.JournalSchema;
import udpchat.store.StoreSettings;

/**
 * A data directory written by the layout before client entities (one journal for the whole
 * registry) is refused with one line that says what to do, and left as it is.
 */
class LegacyLayoutTest {
  @TempDir Path workDir;

  @Test
  void aServerRefusesTheDataOfTheOlderLayoutWithOneLine() throws Exception {
    StoreSettings store = StoreSettings.from(ConfigFactory.parseMap(
            Map.of("udpchat.data-dir", workDir.resolve("data").toString()))
        .withFallback(ConfigLoader.builtIn()));
    JournalSchema.create(store);
    try (Connection connection =
            DriverManager.getConnection(store.url(), store.user(), store.password());
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO \"event_journal\" (\"persistence_id\", \"sequence_number\", \"writer\","
                + " \"write_timestamp\", \"adapter_manifest\", \"event_payload\","
                + " \"event_ser_id\", \"event_ser_manifest\") VALUES (?, 1, 'w', 0, '', ?, 1, '')")) {
      insert.setString(1, RegistryJournal.LEGACY_ID);
      insert.setBytes(2, "{}".getBytes());
      insert.executeUpdate();
    }

    try (ChatProcess server = ChatProcess.start("server", workDir, List.of(), "-s", "5999")) {
      server.expectExit(1);
      List<String> lines = server.stderrText().lines().toList();
      assertEquals(1, lines.size(), "one line: " + lines);
      assertTrue(lines.get(0).startsWith("udpchat: " + store.where()
          + " holds the data of an older UdpChat server"), lines.get(0));
    }
    assertTrue(JournalSchema.holdsDataOf(store, RegistryJournal.LEGACY_ID), "left as it was");
  }
}
