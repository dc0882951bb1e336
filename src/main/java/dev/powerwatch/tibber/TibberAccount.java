package dev.powerwatch.tibber;

import dev.powerwatch.support.Secret;
import java.util.List;

/**
 * One Tibber account: its token and which of its homes to watch (none named: every home with a
 * Pulse). {@code key} is where the configuration sets it, for errors that name the account.
 */
public record TibberAccount(String name, String key, Secret token, List<String> homeIds) {
  /** The account of {@code powerwatch.tibber.token}. */
  public static final String MAIN = "main";

  public TibberAccount {
    homeIds = List.copyOf(homeIds);
  }

  public String homesKey() {
    return key + ".homes";
  }

  public String tokenKey() {
    return key + ".token";
  }
}
