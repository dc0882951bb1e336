package dev.powerwatch.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
      "PT0.25S, 250 ms",
      "PT4.5S,  4.5 s",
      "PT42S,   42 s",
      "PT10M3S, 10 min 3 s",
      "PT30M,   30 min",
      "PT1H,    60 min",
      "PT2H30M, 2 h 30 min",
      "PT24H,   24 h"})
  void humanReadsAsPeopleSayIt(Duration duration, String expected) {
    assertEquals(expected, Durations.human(duration));
  }
}
