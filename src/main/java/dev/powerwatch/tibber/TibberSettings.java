package dev.powerwatch.tibber;

import dev.powerwatch.support.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where and how to reach Tibber's API. An empty {@code homeIds} means every real-time home.
 *
 * @param moreAccounts accounts besides the one of {@code token}, each with its own socket (a cluster's)
 */
public record TibberSettings(URI apiUrl, Secret token, List<String> homeIds, Duration requestTimeout,
    String userAgent, List<TibberAccount> moreAccounts) {

  public TibberSettings {
    homeIds = List.copyOf(homeIds);
    moreAccounts = List.copyOf(moreAccounts);
  }

  public TibberSettings(URI apiUrl, Secret token, List<String> homeIds, Duration requestTimeout, String userAgent) {
    this(apiUrl, token, homeIds, requestTimeout, userAgent, List.of());
  }

  public TibberSettings withApiUrl(URI url) {
    return new TibberSettings(url, token, homeIds, requestTimeout, userAgent, moreAccounts);
  }

  public TibberAccount mainAccount() {
    return new TibberAccount(TibberAccount.MAIN, "powerwatch.tibber", token, homeIds);
  }

  /** Every account, the main one first. */
  public List<TibberAccount> accounts() {
    List<TibberAccount> all = new ArrayList<>();
    all.add(mainAccount());
    all.addAll(moreAccounts);
    return all;
  }

  /** The same API as another account sees it. */
  public TibberSettings forAccount(TibberAccount account) {
    return new TibberSettings(apiUrl, account.token(), account.homeIds(), requestTimeout, userAgent, List.of());
  }
}
