package udpchat.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the server keeps its journal, from the {@code udpchat} settings: {@code store = "h2"} (the
 * default) is an embedded H2 database in files under {@code data-dir}, with nothing to set up;
 * {@code store = "postgresql"} is the PostgreSQL database at {@code postgresql.url}. Either way the
 * events and snapshots go through Pekko's JDBC journal plugin.
 *
 * @param kind which database
 * @param dataDir where the H2 files go
 * @param snapshotEvery events between two snapshots of the registry
 * @param url the JDBC URL
 * @param user the database user
 * @param password the database user's password
 */
public record StoreSettings(
    Kind kind, Path dataDir, int snapshotEvery, String url, String user, String password) {

  /** The databases the server can keep its journal in. */
  public enum Kind {
    H2("slick.jdbc.H2Profile$", "org.h2.Driver", "h2.sql"),
    POSTGRESQL("slick.jdbc.PostgresProfile$", "org.postgresql.Driver", "postgresql.sql");

    final String slickProfile;
    final String driver;
    final String schemaScript;

    Kind(String slickProfile, String driver, String schemaScript) {
      this.slickProfile = slickProfile;
      this.driver = driver;
      this.schemaScript = schemaScript;
    }
  }

  /** The file name (without H2's extension) of the embedded database under the data directory. */
  static final String H2_FILE = "udpchat";

  /**
   * H2 writes each commit to its file at once (no write delay), so an event the server has
   * acknowledged survives the process being killed; the database is closed by the journal's
   * connection pool, not by a JVM hook that could run before the last write.
   */
  private static final String H2_OPTIONS = ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";

  /**
   * The journal writes the events of many clients' entities in batches, several batches at once:
   * a few connections keep that going without swamping a small machine.
   */
  private static final int CONNECTIONS = 4;

  public static StoreSettings from(Config config) {
    Config c = config.getConfig("udpchat");
    Path dataDir = Path.of(c.getString("data-dir")).toAbsolutePath().normalize();
    int snapshotEvery = c.getInt("snapshot-every");
    if (snapshotEvery < 1) {
      throw new IllegalArgumentException("udpchat.snapshot-every must be at least 1");
    }
    String store = c.getString("store").toLowerCase(Locale.ROOT);
    switch (store) {
      case "h2":
        return new StoreSettings(Kind.H2, dataDir, snapshotEvery,
            "jdbc:h2:file:" + dataDir.resolve(H2_FILE) + H2_OPTIONS, "sa", "");
      case "postgresql":
        Config pg = c.getConfig("postgresql");
        return new StoreSettings(Kind.POSTGRESQL, dataDir, snapshotEvery,
            pg.getString("url"), pg.getString("user"), pg.getString("password"));
      default:
        throw new IllegalArgumentException(
            "udpchat.store must be \"h2\" or \"postgresql\", not \"" + store + "\"");
    }
  }

  /** Where the data is, for messages to the person: the directory, or the database URL. */
  public String where() {
    return kind == Kind.H2 ? dataDir.toString() : url;
  }

  /** The bundled script that creates the journal's tables when they are missing. */
  String schemaResource() {
    return "udpchat/schema/" + kind.schemaScript;
  }

  /** Pekko's settings for this store: the JDBC journal and snapshot store on one connection pool. */
  public Config pekkoConfig() {
    Map<String, Object> db =
        Map.of(
            "url", url,
            "user", user,
            "password", password,
            "driver", kind.driver,
            "connectionPool", "HikariCP",
            "numThreads", CONNECTIONS,
            "maxConnections", CONNECTIONS,
            "minConnections", 1,
            "connectionTimeout", 10_000,
            "queueSize", 10_000);
    return ConfigFactory.parseString(
            """
            pekko.persistence.journal.plugin = "jdbc-journal"
            pekko.persistence.snapshot-store.plugin = "jdbc-snapshot-store"
            jdbc-journal.use-shared-db = "udpchat"
            jdbc-snapshot-store.use-shared-db = "udpchat"
            jdbc-read-journal.use-shared-db = "udpchat"
            """)
        .withValue("pekko-persistence-jdbc.shared-databases.udpchat.profile",
            ConfigValueFactory.fromAnyRef(kind.slickProfile))
        .withValue("pekko-persistence-jdbc.shared-databases.udpchat.db",
            ConfigValueFactory.fromMap(db));
  }
}
