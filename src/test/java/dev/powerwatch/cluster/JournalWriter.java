package dev.powerwatch.cluster;

import com.typesafe.config.Config;
import dev.powerwatch.support.Secret;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import slick.jdbc.JdbcDataSource;

/**
 * A process that commits rows one at a time through the journal's data source and says so after
 * each, then waits to be killed: what it said was committed must be there when the next process opens
 * the database.
 */
public final class JournalWriter {
  private JournalWriter() {}

  static JdbcDataSource dataSource(String url) {
    Config db = JournalConfig.jdbc(url, "sa", Secret.of(""))
        .getConfig("akka-persistence-jdbc.shared-databases.powerwatch.db");
    return slick.jdbc.JdbcDataSource$.MODULE$.forConfig(db, null, "journal", JournalWriter.class.getClassLoader());
  }

  public static void main(String[] args) throws Exception {
    int rows = Integer.parseInt(args[1]);
    JdbcDataSource source = dataSource(args[0]);
    try (Connection c = source.createConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS kept (id INT)");
      }
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO kept VALUES (?)")) {
        for (int i = 1; i <= rows; i++) {
          insert.setInt(1, i);
          insert.executeUpdate();
          System.out.println("committed " + i);
        }
      }
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
