package udpchat.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import udpchat.config.ConfigLoader;

class StoreSettingsTest {
  private static final StoreSettings DEFAULTS = StoreSettings.from(ConfigLoader.builtIn());

  @Test
  void byDefaultTheJournalIsAnH2DatabaseUnderTheDataDirectory() {
    assertEquals(StoreSettings.Kind.H2, DEFAULTS.kind());
    Path data = Path.of("data").toAbsolutePath();
    assertEquals(data, DEFAULTS.dataDir());
    assertEquals("jdbc:h2:file:" + data.resolve("udpchat") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
        DEFAULTS.url());
    assertEquals(1000, DEFAULTS.snapshotEvery());
  }

  @Test
  void theRepositorysConfFileStatesTheBuiltInDefaults() {
    assertEquals(DEFAULTS, StoreSettings.from(ConfigLoader.load(Path.of("conf", "application.conf"))));
  }

  @Test
  void postgresqlIsChosenInTheConfiguration() {
    StoreSettings store = StoreSettings.from(with(
        "udpchat { store = postgresql, postgresql { url = \"jdbc:postgresql://db:5432/chat\","
            + " user = chat, password = secret } }"));
    assertEquals(StoreSettings.Kind.POSTGRESQL, store.kind());
    assertEquals("jdbc:postgresql://db:5432/chat", store.url());
    assertEquals("chat", store.user());
    assertEquals("secret", store.password());
    assertEquals("jdbc:postgresql://db:5432/chat", store.where());
    Config pekko = store.pekkoConfig();
    assertEquals("jdbc-journal", pekko.getString("pekko.persistence.journal.plugin"));
    assertEquals("jdbc-snapshot-store", pekko.getString("pekko.persistence.snapshot-store.plugin"));
    assertEquals("slick.jdbc.PostgresProfile$",
        pekko.getString("pekko-persistence-jdbc.shared-databases.udpchat.profile"));
    assertEquals("jdbc:postgresql://db:5432/chat",
        pekko.getString("pekko-persistence-jdbc.shared-databases.udpchat.db.url"));
  }

  @Test
  void anUnknownStoreOrSnapshotIntervalIsRefusedWithTheSetting() {
    IllegalArgumentException store = assertThrows(IllegalArgumentException.class,
        () -> StoreSettings.from(with("udpchat.store = mongo")));
    assertEquals("udpchat.store must be \"h2\" or \"postgresql\", not \"mongo\"", store.getMessage());
    IllegalArgumentException every = assertThrows(IllegalArgumentException.class,
        () -> StoreSettings.from(with("udpchat.snapshot-every = 0")));
    assertEquals("udpchat.snapshot-every must be at least 1", every.getMessage());
  }

  @Test
  void theSchemaIsCreatedWhereMissingAndLeftAloneWhereItExists(@TempDir Path dir) throws Exception {
    StoreSettings store = StoreSettings.from(with("udpchat.data-dir = \"" + dir.resolve("d") + "\""));
    JournalSchema.create(store);
    JournalSchema.create(store);
    List<String> tables = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(store.url(), "sa", "");
        ResultSet rows = connection.getMetaData().getTables(null, "PUBLIC", "%", null)) {
      while (rows.next()) {
        tables.add(rows.getString("TABLE_NAME"));
      }
    }
    assertTrue(tables.containsAll(List.of("event_journal", "event_tag", "snapshot")), "" + tables);
  }

  private static Config with(String settings) {
    return ConfigFactory.parseString(settings).withFallback(ConfigLoader.builtIn());
  }
}
