package dev.powerwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.support.Secret;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    JdbcDataSource source = JournalWriter.dataSource(url);
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

  @Test
  void whatTheJournalCommittedOutlivesAKillOfTheProcessAMomentLater() throws Exception {
    String url = "jdbc:h2:file:" + stateDir.resolve("journal") + ";DB_CLOSE_DELAY=-1";
    int rows = 20;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process writer = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        JournalWriter.class.getName(), url, String.valueOf(rows)).redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      while (line != null && !line.equals("committed " + rows)) {
        line = out.readLine();
      }
      assertEquals("committed " + rows, line, "what the writer said last");
    } finally {
      writer.destroyForcibly();  // SIGKILL: nothing of H2's own shutdown runs
    }
    assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
    JdbcDataSource source = JournalWriter.dataSource(url);
    try (Connection c = source.createConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM kept")) {
      assertTrue(r.next());
      assertEquals(rows, r.getInt(1), "rows committed before the kill");
    } finally {
      source.close();
    }
  }

  @Test
  void anEmbeddedJournalNeverFailsFastWhileADatabaseServerKeepsItsCircuitBreakers() {
    Config embedded = JournalConfig.jdbc("jdbc:h2:file:/j", "sa", Secret.of("")).withFallback(ConfigFactory.load());
    Config server = JournalConfig.jdbc("jdbc:postgresql://db/pw", "pw", Secret.of("")).withFallback(ConfigFactory.load());
    Map<String, String> fallbacks = Map.of("jdbc-journal", "akka.persistence.journal-plugin-fallback",
        "jdbc-snapshot-store", "akka.persistence.snapshot-store-plugin-fallback");
    fallbacks.forEach((store, fallback) -> {
      String breaker = "circuit-breaker.max-failures";
      assertEquals(Integer.MAX_VALUE, asAkkaReadsIt(embedded, store, fallback).getInt(breaker), store);
      assertTrue(asAkkaReadsIt(server, store, fallback).getInt(breaker) <= 10, store);
    });
  }

  private static Config asAkkaReadsIt(Config config, String plugin, String fallback) {
    return config.getConfig(plugin).withFallback(config.getConfig(fallback));
  }

  @Test
  void aWriteDelayTheUrlSetsIsKept() {
    assertEquals("jdbc:h2:file:/j;WRITE_DELAY=0", JournalConfig.writingEachCommit("jdbc:h2:file:/j"));
    assertEquals("jdbc:h2:file:/j;write_delay=200", JournalConfig.writingEachCommit("jdbc:h2:file:/j;write_delay=200"));
  }
}
