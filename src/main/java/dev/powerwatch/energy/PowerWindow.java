package dev.powerwatch.energy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * Recent power as a step function: each reading's power stands for the time since the reading
 * before it, so the newest reading counts at once. Averages are weighted by that time and reach
 * back only as far as there are readings.
 */
final class PowerWindow {
  private record Span(Instant from, Instant to, double powerW) {}

  private final ArrayDeque<Span> spans = new ArrayDeque<>();
  private final Duration keep;

  PowerWindow(Duration keep) {
    this.keep = keep;
  }

  /** A reading whose power covers {@code (since, reading.at]}; {@code since == reading.at} for the first one. */
  void add(Instant since, Reading reading) {
    spans.addLast(new Span(since, reading.at(), reading.powerW()));
    Instant horizon = reading.at().minus(keep);
    while (!spans.isEmpty() && !spans.peekFirst().to().isAfter(horizon)) {
      spans.removeFirst();
    }
  }

  /** The time-weighted average power over {@code (now − window, now]}, or the latest power if no time is covered. */
  double averageW(Instant now, Duration window) {
    Instant from = now.minus(window);
    double wattNanos = 0;
    long nanos = 0;
    for (Span span : spans) {
      Instant start = span.from().isAfter(from) ? span.from() : from;
      Instant end = span.to().isBefore(now) ? span.to() : now;
      if (end.isAfter(start)) {
        long covered = Duration.between(start, end).toNanos();
        wattNanos += span.powerW() * covered;
        nanos += covered;
      }
    }
    return nanos == 0 ? spans.peekLast().powerW() : wattNanos / nanos;
  }
}
