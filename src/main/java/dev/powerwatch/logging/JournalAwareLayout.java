package dev.powerwatch.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import dev.powerwatch.support.Secret;
import java.util.function.UnaryOperator;

/**
 * The pattern after the time of day, or under systemd (JOURNAL_STREAM set) after each line's syslog
 * priority; any secret the process has read is masked, whoever logs it.
 */
public final class JournalAwareLayout extends PatternLayout {
  private static final String TIME_OF_DAY = "%d{HH:mm:ss.SSS} ";

  private final UnaryOperator<String> environment;
  private boolean toJournal;

  public JournalAwareLayout() {
    this(System::getenv);
  }

  JournalAwareLayout(UnaryOperator<String> environment) {
    this.environment = environment;
  }

  @Override
  public void start() {
    String journalStream = environment.apply("JOURNAL_STREAM");
    toJournal = journalStream != null && !journalStream.isBlank();
    if (!toJournal) {
      setPattern(TIME_OF_DAY + getPattern());
    }
    super.start();
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    String text = Secret.redactKnown(super.doLayout(event));
    return toJournal ? prefixEveryLine(priority(event.getLevel()), text) : text;
  }

  /** journald reads a leading {@code <N>} as the line's priority and takes every line on its own. */
  private static String prefixEveryLine(String prefix, String text) {
    StringBuilder prefixed = new StringBuilder(text.length() + 16);
    text.lines().forEach(line -> prefixed.append(prefix).append(line).append(CoreConstants.LINE_SEPARATOR));
    return prefixed.toString();
  }

  private static String priority(Level level) {
    return switch (level.toInt()) {
      case Level.ERROR_INT -> "<3>";
      case Level.WARN_INT -> "<4>";
      case Level.INFO_INT -> "<6>";
      default -> "<7>";
    };
  }
}
