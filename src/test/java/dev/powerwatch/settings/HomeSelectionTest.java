package dev.powerwatch.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.powerwatch.support.SettingsException;
import dev.powerwatch.tibber.Home;
import java.util.List;
import org.junit.jupiter.api.Test;

class HomeSelectionTest {
  private final Home house = new Home("h1", "House", "Europe/Oslo", true);
  private final Home cabin = new Home("h2", "Cabin", "Europe/Oslo", false);
  private final Home flat = new Home("h3", null, "Europe/Stockholm", true);
  private final List<Home> account = List.of(house, cabin, flat);

  @Test
  void noneConfiguredMeansEveryHomeWithRealTimeData() {
    assertEquals(List.of(house, flat), HomeSelection.select(List.of(), account));
  }

  @Test
  void configuredHomesAreKeptInOrder() {
    assertEquals(List.of(flat, house), HomeSelection.select(List.of("h3", "h1"), account));
  }

  @Test
  void anUnknownHomeIsNamed() {
    SettingsException e = assertThrows(SettingsException.class, () -> HomeSelection.select(List.of("nope"), account));
    assertEquals("powerwatch.tibber.homes", e.key());
    assertTrue(e.getMessage().contains("'nope' is not on this Tibber account"), e.getMessage());
    assertTrue(e.getMessage().contains("h1 (House)"), e.getMessage());
  }

  @Test
  void aHomeWithoutPulseIsNamed() {
    SettingsException e = assertThrows(SettingsException.class, () -> HomeSelection.select(List.of("h2"), account));
    assertTrue(e.getMessage().contains("'h2' (Cabin) has no real-time consumption"), e.getMessage());
  }

  @Test
  void anAccountWithoutAnyPulseIsAnError() {
    SettingsException e = assertThrows(SettingsException.class, () -> HomeSelection.select(List.of(), List.of(cabin)));
    assertTrue(e.getMessage().contains("no home on this Tibber account has real-time consumption"), e.getMessage());
  }
}
