package dev.powerwatch.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.powerwatch.support.SettingsException;
import dev.powerwatch.support.Secret;
import dev.powerwatch.tibber.Home;
import dev.powerwatch.tibber.TibberAccount;
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

  @Test
  void severalAccountsWatchEachHomeThroughTheFirstThatSeesIt() {
    Home mill = new Home("h4", "Mill", "Europe/Oslo", true);
    TibberAccount main = new TibberAccount(TibberAccount.MAIN, "powerwatch.tibber", Secret.of("m"), List.of());
    TibberAccount north = new TibberAccount("north", "powerwatch.tibber.accounts[0]", Secret.of("n"), List.of());
    List<WatchedAccount> watched = HomeSelection.selectAll(List.of(new HomeSelection.Listed(main, null, account),
        new HomeSelection.Listed(north, null, List.of(flat, mill))));
    assertEquals(List.of("h1", "h3"), watched.get(0).homeIds());
    assertEquals(List.of("h4"), watched.get(1).homeIds(), "the flat shared with the main account is watched once");

    SettingsException e = assertThrows(SettingsException.class, () -> HomeSelection.selectAll(List.of(
        new HomeSelection.Listed(main, null, account), new HomeSelection.Listed(north, null, List.of(flat)))));
    assertEquals("powerwatch.tibber.accounts[0].homes", e.key());
    assertTrue(e.getMessage().contains("every home of account 'north' is watched through an account listed before"),
        e.getMessage());
    TibberAccount named = new TibberAccount("north", "powerwatch.tibber.accounts[0]", Secret.of("n"), List.of("h9"));
    assertEquals("powerwatch.tibber.accounts[0].homes", assertThrows(SettingsException.class, () -> HomeSelection
        .selectAll(List.of(new HomeSelection.Listed(named, null, List.of(mill))))).key());
  }
}
