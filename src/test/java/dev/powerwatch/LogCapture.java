package dev.powerwatch;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every log event while a step of a test runs, as the daemon's appenders would see them. */
public final class LogCapture {
  private LogCapture() {}

  public interface Step {
    void run() throws Exception;
  }

  public static List<ILoggingEvent> during(Step step) throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      step.run();
    } finally {
      root.detachAppender(logs);
    }
    return List.copyOf(logs.list);
  }

  public static List<String> at(List<ILoggingEvent> events, String level) {
    return events.stream().filter(e -> e.getLevel().toString().equals(level)).map(ILoggingEvent::getFormattedMessage)
        .toList();
  }
}
