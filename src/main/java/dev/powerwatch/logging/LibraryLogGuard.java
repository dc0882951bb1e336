package dev.powerwatch.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Keeps a library's DEBUG and TRACE lines out of the log whatever logback.xml says, for a library
 * that prints what it sends: the WebSocket library prints whole frames there, and the first frame
 * on the feed's socket carries the Tibber token. Its WARN and ERROR lines still pass.
 */
public final class LibraryLogGuard extends TurboFilter {
  private final String loggerPrefix;

  private LibraryLogGuard(String loggerPrefix) {
    this.loggerPrefix = loggerPrefix;
  }

  /** Once per library and JVM; does nothing when SLF4J does not log through Logback. */
  public static synchronized void install(String loggerPrefix) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
        && context.getTurboFilterList().stream().noneMatch(f -> f instanceof LibraryLogGuard guard
            && guard.loggerPrefix.equals(loggerPrefix))) {
      context.addTurboFilter(new LibraryLogGuard(loggerPrefix));
    }
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
      Throwable t) {
    return level.isGreaterOrEqual(Level.WARN) || !logger.getName().startsWith(loggerPrefix)
        ? FilterReply.NEUTRAL : FilterReply.DENY;
  }
}
