package udpchat.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * Creates the journal's tables (events, tags, snapshots) where they are missing, before the server
 * starts: the JDBC plugin expects them. Idempotent, so it runs at every start; it also shows at
 * once, with one clear reason, a database that cannot be reached or is in use by another server.
 */
public final class JournalSchema {
  private static final int LOGIN_TIMEOUT_SECONDS = 10;

  private JournalSchema() {}

  public static void create(StoreSettings store) throws SQLException, IOException {
    if (store.kind() == StoreSettings.Kind.H2) {
      Files.createDirectories(store.dataDir());
    }
    DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
    try (Connection connection =
            DriverManager.getConnection(store.url(), store.user(), store.password());
        Statement statement = connection.createStatement()) {
      for (String sql : statements(store.schemaResource())) {
        statement.execute(sql);
      }
    }
  }

  /**
   * Whether the journal holds events or snapshots under {@code persistenceId}: the one key of a
   * layout this server no longer reads.
   */
  public static boolean holdsDataOf(StoreSettings store, String persistenceId) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(store.url(), store.user(), store.password())) {
      for (String table : List.of("event_journal", "snapshot")) {
        try (PreparedStatement count = connection.prepareStatement(
            "SELECT COUNT(*) FROM \"" + table + "\" WHERE \"persistence_id\" = ?")) {
          count.setString(1, persistenceId);
          try (ResultSet rows = count.executeQuery()) {
            if (rows.next() && rows.getLong(1) > 0) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  /** The script's statements: separated by semicolons, comment lines left out. */
  static List<String> statements(String resource) throws IOException {
    String script;
    try (InputStream in = JournalSchema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing resource " + resource);
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String code = script.lines().filter(line -> !line.strip().startsWith("--"))
        .reduce("", (all, line) -> all + line + "\n");
    return Arrays.stream(code.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
