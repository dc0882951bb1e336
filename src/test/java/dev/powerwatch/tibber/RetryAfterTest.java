package dev.powerwatch.tibber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void readsDelaySeconds() {
    assertEquals(Duration.ofSeconds(120), RetryAfter.parse(" 120 ", clock));
  }

  @Test
  void readsAnHttpDate() {
    assertEquals(Duration.ofMinutes(10), RetryAfter.parse("Sun, 22 Nov 2026 10:10:00 GMT", clock));
  }

  @Test
  void aDateInThePastMeansNow() {
    assertEquals(Duration.ZERO, RetryAfter.parse("Sun, 22 Nov 2026 09:00:00 GMT", clock));
  }

  @Test
  void absentOrUnreadableIsNull() {
    assertNull(RetryAfter.parse(null, clock));
    assertNull(RetryAfter.parse("soon", clock));
    assertNull(RetryAfter.parse("99999999999999999999999", clock));
  }
}
