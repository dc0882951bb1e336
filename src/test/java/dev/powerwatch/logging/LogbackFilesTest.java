package dev.powerwatch.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.status.Status;
import java.io.File;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;

/** The service's and the default logging files load cleanly and write through the journal-aware layout. */
class LogbackFilesTest {

  @ParameterizedTest
  @ValueSource(strings = {"conf/logback.xml", "src/main/resources/logback.xml"})
  void loadsWithTheJournalAwareLayout(String file) throws Exception {
    LoggerContext context = new LoggerContext();
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(new File(file));

      assertEquals(List.of(), problems(context));
      var appender = (ConsoleAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().next();
      assertEquals("System.err", appender.getTarget());
      assertInstanceOf(JournalAwareLayout.class, ((LayoutWrappingEncoder<?>) appender.getEncoder()).getLayout());
      assertEquals(Level.OFF, context.getLogger("akka.io.TcpListener").getLevel());
    } finally {
      context.stop();
    }
  }

  private static List<String> problems(LoggerContext context) {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .filter(status -> status.getLevel() >= Status.WARN).map(Status::getMessage).toList();
  }
}
