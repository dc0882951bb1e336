package dev.powerwatch.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.powerwatch.rules.RuleFixtures;
import dev.powerwatch.tibber.Measurement;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeasurementPrinterTest {
  private static final Measurement OSLO_NOON = RuleFixtures.measurement("home-1",
      OffsetDateTime.parse("2026-11-22T12:00:05+01:00"), 850);

  @Test
  void showsTheMeterTimeInTheLogLinesZone() {
    String line = MeasurementPrinter.line(OSLO_NOON, Map.of("home-1", "Cabin")::get, ZoneId.of("UTC"));

    assertEquals("11:00:05  Cabin            850 W   this hour 0.100 kWh   today 1.00 kWh", line);
  }

  @Test
  void aHomeWithoutANameShowsItsId() {
    String line = MeasurementPrinter.line(OSLO_NOON, id -> null, ZoneId.of("Europe/Oslo"));

    assertEquals("12:00:05  home-1           850 W   this hour 0.100 kWh   today 1.00 kWh", line);
  }
}
