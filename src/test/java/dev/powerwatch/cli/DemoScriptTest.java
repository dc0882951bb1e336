package dev.powerwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.powerwatch.simulator.RecordedPush;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DemoScriptTest {

  @Test
  void aPushIsTimedInTheLogLinesZoneAndKeepsItsMessage() {
    RecordedPush push = new RecordedPush(Instant.parse("2026-11-22T11:00:05Z"), "High power: 8600 W",
        "Home draws 8600 W (limit 8000 W) since 12:00.", null, "demo-token");

    assertEquals("11:00:05  PHONE  High power: 8600 W | Home draws 8600 W (limit 8000 W) since 12:00.",
        DemoScript.pushLine(push, ZoneId.of("UTC")));
  }
}
