package dev.powerwatch.settings;

import dev.powerwatch.tibber.Home;
import dev.powerwatch.tibber.TibberAccount;
import dev.powerwatch.tibber.TibberApi;
import java.util.List;

/** A Tibber account as the daemon watches it: its API and the homes it is the way to. */
public record WatchedAccount(TibberAccount account, TibberApi api, List<Home> homes) {
  public WatchedAccount {
    homes = List.copyOf(homes);
  }

  public List<String> homeIds() {
    return homes.stream().map(Home::id).toList();
  }
}
