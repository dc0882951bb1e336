package dev.powerwatch.cluster;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.persistence.jdbc.testkit.javadsl.SchemaUtils;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.support.Secret;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The journal and snapshot store on a JDBC database through akka-persistence-jdbc: PostgreSQL for
 * a cluster, H2 (embedded) for one node with its journal in the state directory and for tests. One
 * connection pool (none for H2) serves both. Values go in as values, never as HOCON text, so nothing
 * in a URL or password is parsed.
 *
 * <p>H2 gets no pool: when it cannot write its file (a full disk) it closes the database, and a
 * pooled connection would answer "the database has been closed" from then on (HikariCP keeps it,
 * as it keeps any connection whose error does not name a lost link). Each connection opened anew
 * opens the database again from its file once the disk has room; opening one to an embedded
 * database that is open costs microseconds.
 *
 * <p>H2 writes each commit to its file before the commit returns ({@code WRITE_DELAY=0}, unless the
 * URL sets it). By default it keeps commits in memory for up to a second: a daemon killed meanwhile,
 * or a database that H2 closes on a failed write, loses events the journal had acknowledged, and a
 * home restarted from them decides again what it had already sent.
 */
public final class JournalConfig {
  private static final String SHARED = "akka-persistence-jdbc.shared-databases.powerwatch";
  private static final int POOL = 4;

  private JournalConfig() {}

  /** @throws IllegalArgumentException for a database other than PostgreSQL or H2 */
  public static Config jdbc(String url, String user, Secret password) {
    Database database = Database.of(url);
    Config ofTheDatabase = database == Database.H2 ? embedded() : ConfigFactory.empty();
    return ofTheDatabase.withFallback(ConfigFactory.parseMap(Map.ofEntries(
        Map.entry("akka.persistence.journal.plugin", "jdbc-journal"),
        Map.entry("akka.persistence.snapshot-store.plugin", "jdbc-snapshot-store"),
        Map.entry("jdbc-journal.use-shared-db", "powerwatch"),
        Map.entry("jdbc-snapshot-store.use-shared-db", "powerwatch"),
        Map.entry("jdbc-read-journal.use-shared-db", "powerwatch"),
        Map.entry(SHARED + ".profile", database.profile),
        Map.entry(SHARED + ".db.url", database == Database.H2 ? writingEachCommit(url) : url),
        Map.entry(SHARED + ".db.driver", database.driver),
        Map.entry(SHARED + ".db.user", user),
        Map.entry(SHARED + ".db.password", password.reveal()),
        Map.entry(SHARED + ".db.numThreads", POOL),
        Map.entry(SHARED + ".db.maxConnections", POOL),
        Map.entry(SHARED + ".db.minConnections", 1))));
  }

  /**
   * No pool, and no circuit breaker: the journal's opens for 30 s after ten failures, the snapshot
   * store's for 60 s after five, to spare a database server; an embedded database on a full disk
   * fails that often within a second, and every home would then wait a minute after the disk had room.
   */
  private static Config embedded() {
    return ConfigFactory.parseMap(Map.of(
        SHARED + ".db.connectionPool", "disabled",
        "jdbc-journal.circuit-breaker.max-failures", Integer.MAX_VALUE,
        "jdbc-snapshot-store.circuit-breaker.max-failures", Integer.MAX_VALUE));
  }

  static String writingEachCommit(String h2Url) {
    return h2Url.toUpperCase(Locale.ROOT).contains(";WRITE_DELAY=") ? h2Url : h2Url + ";WRITE_DELAY=0";
  }

  /** Creates the journal's tables where they are missing (the SQL akka-persistence-jdbc ships for each database). */
  public static CompletionStage<Done> createSchema(ActorSystem<?> system) {
    return SchemaUtils.createIfNotExists(system);
  }

  private enum Database {
    POSTGRES("jdbc:postgresql:", "slick.jdbc.PostgresProfile$", "org.postgresql.Driver"),
    H2("jdbc:h2:", "slick.jdbc.H2Profile$", "org.h2.Driver");

    final String prefix;
    final String profile;
    final String driver;

    Database(String prefix, String profile, String driver) {
      this.prefix = prefix;
      this.profile = profile;
      this.driver = driver;
    }

    static Database of(String url) {
      for (Database d : values()) {
        if (url.startsWith(d.prefix)) {
          return d;
        }
      }
      throw new IllegalArgumentException("a jdbc:postgresql: or jdbc:h2: URL");
    }
  }
}
