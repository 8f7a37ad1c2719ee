package udpchat.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import udpchat.config.ConfigLoader;
import udpchat.server.RegistryJournal;
import udpchat.store.JournalSchema;
import udpchat.store.StoreSettings;

/**
 * The PostgreSQL server the integration tests write their journal to. Where it is comes from
 * {@code -Dudpchat.it.postgresql.url} (or {@code UDPCHAT_IT_POSTGRESQL_URL}), user and password
 * {@code udpchat_test} unless {@code .user} / {@code .password} say otherwise;
 * {@code .ci/start-postgresql} sets that database up. Without a reachable server a test is
 * skipped on a developer's machine and fails in CI ({@code CI=true}).
 */
public final class TestPostgres {
  public static final String URL = setting("url", "jdbc:postgresql://127.0.0.1:5432/udpchat_test");
  public static final String USER = setting("user", "udpchat_test");
  public static final String PASSWORD = setting("password", "udpchat_test");

  private TestPostgres() {}

  private static String setting(String key, String fallback) {
    String property = System.getProperty("udpchat.it.postgresql." + key);
    String env = System.getenv("UDPCHAT_IT_POSTGRESQL_" + key.toUpperCase());
    return property != null ? property : env != null ? env : fallback;
  }

  /** The {@code -D} settings that give a server process this journal. */
  public static List<String> storeSettings() {
    return List.of(
        "-Dudpchat.store=postgresql",
        "-Dudpchat.postgresql.url=" + URL,
        "-Dudpchat.postgresql.user=" + USER,
        "-Dudpchat.postgresql.password=" + PASSWORD);
  }

  /**
   * The server's tables, created if missing, without the server's data of an earlier run; skips
   * (or, in CI, fails) the test when the database is not reachable.
   */
  public static void emptyJournal() throws SQLException, IOException {
    try (Connection probe = connect()) {
      // reachable
    } catch (SQLException unreachable) {
      String why = "PostgreSQL is not reachable at " + URL + " as " + USER + ": "
          + unreachable.getMessage();
      if ("true".equals(System.getenv("CI"))) {
        fail(why + " (CI must run this test: .ci/start-postgresql sets the database up)");
      }
      Assumptions.abort(why + "; run .ci/start-postgresql (as root) to set one up");
    }
    JournalSchema.create(StoreSettings.from(ConfigFactory.parseMap(Map.of(
            "udpchat.store", "postgresql",
            "udpchat.postgresql.url", URL,
            "udpchat.postgresql.user", USER,
            "udpchat.postgresql.password", PASSWORD))
        .withFallback(ConfigLoader.builtIn())));
    try (Connection connection = connect()) {
      for (String table : List.of("event_journal", "snapshot")) {
        try (PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM " + table + " WHERE persistence_id LIKE ?")) {
          delete.setString(1, RegistryJournal.SERVER_PREFIX + "-%");
          delete.executeUpdate();
        }
      }
    }
  }

  public static Connection connect() throws SQLException {
    DriverManager.setLoginTimeout(5);
    return DriverManager.getConnection(URL, USER, PASSWORD);
  }
}
