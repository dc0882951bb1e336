package dev.powerwatch.settings;

import dev.powerwatch.rules.Rule;
import dev.powerwatch.support.SettingsException;
import dev.powerwatch.tibber.Home;
import dev.powerwatch.tibber.TibberAccount;
import dev.powerwatch.tibber.TibberApi;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Which homes to watch: the configured ones (each must exist and have a Pulse), or all with one. */
public final class HomeSelection {
  private static final String HOMES_KEY = "powerwatch.tibber.homes";

  private HomeSelection() {}

  public static List<Home> select(List<String> configured, List<Home> onAccount) {
    return select(HOMES_KEY, configured, onAccount);
  }

  /** What Tibber listed for one account, before the homes to watch are chosen. */
  public record Listed(TibberAccount account, TibberApi api, List<Home> onAccount) {}

  /** Each account's homes to watch; a home that two accounts see is watched through the first. */
  public static List<WatchedAccount> selectAll(List<Listed> accounts) {
    Set<String> taken = new HashSet<>();
    List<WatchedAccount> watched = new ArrayList<>();
    for (Listed listed : accounts) {
      TibberAccount account = listed.account();
      List<Home> homes = select(account.homesKey(), account.homeIds(), listed.onAccount()).stream()
          .filter(home -> taken.add(home.id())).toList();
      if (homes.isEmpty()) {
        throw new SettingsException(account.homesKey(), "every home of account '" + account.name()
            + "' is watched through an account listed before it; remove the account or name its own homes");
      }
      watched.add(new WatchedAccount(account, listed.api(), homes));
    }
    return watched;
  }

  private static List<Home> select(String key, List<String> configured, List<Home> onAccount) {
    if (configured.isEmpty()) {
      List<Home> live = onAccount.stream().filter(Home::realTimeConsumptionEnabled).toList();
      if (live.isEmpty()) {
        throw new SettingsException(key, "no home on this Tibber account has real-time consumption"
            + " enabled (a Pulse or Watty); homes on the account: " + ids(onAccount));
      }
      return live;
    }
    return configured.stream().map(id -> configuredHome(key, id, onAccount)).toList();
  }

  /** Every home a rule names must be watched. */
  public static void checkRuleHomes(List<Rule> rules, List<Home> watched) {
    Set<String> ids = watched.stream().map(Home::id).collect(Collectors.toSet());
    for (Rule rule : rules) {
      for (String home : rule.spec().homes()) {
        if (!ids.contains(home)) {
          throw new SettingsException("powerwatch.rules", "rule '" + rule.spec().name() + "' names home '" + home
              + "', which is not watched; watched: " + ids(watched));
        }
      }
    }
  }

  private static Home configuredHome(String key, String id, List<Home> onAccount) {
    Optional<Home> home = onAccount.stream().filter(h -> h.id().equals(id)).findFirst();
    if (home.isEmpty()) {
      throw new SettingsException(key, "home '" + id + "' is not on this Tibber account; homes on the"
          + " account: " + ids(onAccount));
    }
    if (!home.get().realTimeConsumptionEnabled()) {
      throw new SettingsException(key, "home '" + id + "' (" + home.get().displayName()
          + ") has no real-time consumption (no Pulse or Watty)");
    }
    return home.get();
  }

  private static String ids(List<Home> homes) {
    return homes.isEmpty() ? "none"
        : String.join(", ", homes.stream().map(h -> h.id() + " (" + h.displayName() + ")").toList());
  }
}
