package dev.powerwatch.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedMeterTest {
  private static final Instant FROM = Instant.parse("2026-03-15T10:00:00Z");

  @Test
  void aTimelineReportsTheValueOfTheStepTheReadingFallsInHoweverManyReadingsCame() {
    SimulatedMeter meter = new SimulatedMeter(ZoneId.of("Europe/Oslo"), 7);
    meter.playTimeline(FROM, Duration.ofMinutes(1), List.of(12_345.0, 23_456.0, 34_567.0));
    assertEquals(12_345.0, power(meter, FROM.plusSeconds(30)));
    assertEquals(34_567.0, power(meter, FROM.plusSeconds(150)), "a reading may skip a step");
    assertTrue(power(meter, FROM.plusSeconds(180)) < 12_000, "after the timeline, the daily curve again");
  }

  @Test
  void beforeTheTimelineTheOtherSourcesApply() {
    SimulatedMeter meter = new SimulatedMeter(ZoneId.of("Europe/Oslo"), 7);
    meter.playTimeline(FROM, Duration.ofMinutes(1), List.of(12_345.0));
    meter.play(List.of(999.0));
    assertEquals(999.0, power(meter, FROM.minusSeconds(1)));
  }

  @Test
  void theMeterCountsWhileNobodyReadsItAndTheHoursCountHoldsOnlyThisHour() {
    SimulatedMeter meter = new SimulatedMeter(ZoneId.of("Europe/Oslo"), 7);
    List<Double> sixKilowatts = java.util.Collections.nCopies(180, 6_000.0);
    meter.playTimeline(FROM, Duration.ofMinutes(1), sixKilowatts);
    double before = meter.read(FROM.plus(Duration.ofMinutes(50))).path("accumulatedConsumption").asDouble();
    // Nobody reads from 11:50 to 12:30 in Oslo: the day's count grows by 6 kW x 40 min, the hour's
    // holds the 30 minutes since 12:00.
    com.fasterxml.jackson.databind.JsonNode after = meter.read(FROM.plus(Duration.ofMinutes(90)));
    assertEquals(4.0, after.path("accumulatedConsumption").asDouble() - before, 1e-6);
    assertEquals(3.0, after.path("accumulatedConsumptionLastHour").asDouble(), 1e-6);
  }

  private static double power(SimulatedMeter meter, Instant at) {
    return meter.read(at).path("power").asDouble();
  }
}
