package dev.powerwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.powerwatch.support.Secret;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slick.jdbc.JdbcDataSource;

/** The journal's connections as akka-persistence-jdbc gets them from Slick. */
class JournalConfigTest {
  @TempDir
  Path stateDir;

  @Test
  void aJournalInTheStateDirectoryOpensItsDatabaseAgainAfterH2ClosedIt() throws Exception {
    String url = "jdbc:h2:file:" + stateDir.resolve("journal") + ";DB_CLOSE_DELAY=-1";
    Config db = JournalConfig.jdbc(url, "sa", Secret.of(""))
        .getConfig("akka-persistence-jdbc.shared-databases.powerwatch.db");
    JdbcDataSource source = slick.jdbc.JdbcDataSource$.MODULE$.forConfig(db, null, "journal", getClass().getClassLoader());
    try {
      try (Connection c = source.createConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE kept (id INT)");
        s.execute("INSERT INTO kept VALUES (7)");
        s.execute("SHUTDOWN");  // what H2 does by itself when it cannot write its file
      }
      try (Connection c = source.createConnection(); Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT id FROM kept")) {
        assertTrue(r.next(), "the row written before");
        assertEquals(7, r.getInt(1));
      }
    } finally {
      source.close();
    }
  }
}
