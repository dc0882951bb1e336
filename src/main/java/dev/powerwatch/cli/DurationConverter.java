package dev.powerwatch.cli;

import dev.powerwatch.support.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Reads durations the way the config file writes them: 2s, 500ms, 5m. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    Duration d = Durations.parse(value.replace("\"", "")).orElseThrow(() ->
        new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 2s or 500ms"));
    if (d.isNegative() || d.isZero()) {
      throw new CommandLine.TypeConversionException("'" + value + "' must be greater than zero");
    }
    return d;
  }
}
