package dev.powerwatch.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.powerwatch.support.Secret;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JournalAwareLayoutTest {
  private static final String PATTERN = "%-5level %logger{0} - %msg%n";
  private static final Instant AT = Instant.parse("2026-01-15T07:28:55.053Z");
  private static final Map<String, String> UNDER_SYSTEMD = Map.of("JOURNAL_STREAM", "8:44921");

  private final Logger logger = new LoggerContext().getLogger("dev.powerwatch.PowerWatch");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"ERROR, <3>", "WARN, <4>", "INFO, <6>", "DEBUG, <7>", "TRACE, <7>"})
  void underSystemdEachLineStartsWithItsPriorityAndNoTime(String level, String prefix) {
    String line = layout(UNDER_SYSTEMD).doLayout(event(Level.toLevel(level), "Watching home 1", null));

    assertEquals(prefix + String.format("%-5s", level) + " PowerWatch - Watching home 1\n", line);
  }

  @Test
  void underSystemdEveryLineOfAMessageHasThePrefix() {
    String text = layout(UNDER_SYSTEMD).doLayout(event(Level.WARN, "first\nsecond\r\nthird", null));

    assertEquals(List.of("<4>WARN  PowerWatch - first", "<4>second", "<4>third"), text.lines().toList());
    assertTrue(text.endsWith("third\n"), text);
  }

  @Test
  void underSystemdEveryLineOfAStackTraceHasThePrefix() {
    String text = layout(UNDER_SYSTEMD).doLayout(
        event(Level.ERROR, "Saving failed", new IllegalStateException("disk full", new RuntimeException("cause"))));

    List<String> lines = text.lines().toList();
    assertTrue(lines.size() > 4, text);
    lines.forEach(line -> assertTrue(line.startsWith("<3>"), line));
    assertEquals("<3>java.lang.IllegalStateException: disk full", lines.get(1));
    assertTrue(lines.stream().anyMatch(line -> line.startsWith("<3>\tat ")), text);
    assertTrue(lines.stream().anyMatch(line -> line.startsWith("<3>Caused by: java.lang.RuntimeException: cause")),
        text);
  }

  @Test
  void elsewhereALineStartsWithTheTimeOfDay() {
    String time = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault()).format(AT);

    String line = layout(Map.of()).doLayout(event(Level.INFO, "Watching home 1", null));

    assertEquals(time + " INFO  PowerWatch - Watching home 1\n", line);
  }

  @Test
  void anEmptyJournalStreamIsNoJournal() {
    String line = layout(Map.of("JOURNAL_STREAM", "")).doLayout(event(Level.ERROR, "x", null));

    assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR PowerWatch - x\n"), line);
  }

  @Test
  void aSecretIsMaskedWhoeverLogsIt() {
    Secret key = Secret.of("0cea4f0d-74a1-43ad-97c5-5f87705bf609");
    Logger pool = new LoggerContext().getLogger("akka.http.impl.engine.client.PoolId");
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), pool, Level.WARN, "Response entity was not "
        + "subscribed after 1 second. POST /hook/" + key.reveal() + " Strict(541 bytes) -> 200 OK", null, null);
    event.setInstant(AT);

    String line = layout(UNDER_SYSTEMD).doLayout(event);

    assertEquals("<4>WARN  PoolId - Response entity was not subscribed after 1 second. POST /hook/*** Strict(541 "
        + "bytes) -> 200 OK\n", line);
  }

  private JournalAwareLayout layout(Map<String, String> environment) {
    JournalAwareLayout layout = new JournalAwareLayout(environment::get);
    layout.setContext(logger.getLoggerContext());
    layout.setPattern(PATTERN);
    layout.start();
    return layout;
  }

  private LoggingEvent event(Level level, String message, Throwable thrown) {
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, thrown, null);
    event.setInstant(AT);
    return event;
  }
}
