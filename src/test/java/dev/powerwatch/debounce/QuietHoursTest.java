package dev.powerwatch.debounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuietHoursTest {
  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
      "22:00-07:00, 23:30, true", "22:00-07:00, 03:00, true", "22:00-07:00, 07:00, false",
      "22:00-07:00, 21:59, false", "22:00-07:00, 22:00, true", "12:00-13:00, 12:30, true",
      "12:00-13:00, 13:30, false"})
  void windows(String window, String time, boolean inside) {
    ZonedDateTime at = ZonedDateTime.parse("2026-11-22T" + time + ":00+01:00[Europe/Oslo]");
    assertEquals(inside, QuietHours.parse(window).contains(at));
  }

  @Test
  void badWindowsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> QuietHours.parse("22-7"));
    assertThrows(IllegalArgumentException.class, () -> QuietHours.parse("22:00"));
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> QuietHours.parse("07:00-07:00"));
    assertTrue(zero.getMessage().contains("no length"), zero.getMessage());
  }
}
