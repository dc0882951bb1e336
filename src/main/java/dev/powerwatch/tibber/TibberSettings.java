package dev.powerwatch.tibber;

import dev.powerwatch.support.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Where and how to reach Tibber's API. An empty {@code homeIds} means every real-time home. */
public record TibberSettings(
    URI apiUrl, Secret token, List<String> homeIds, Duration requestTimeout, String userAgent) {

  public TibberSettings {
    homeIds = List.copyOf(homeIds);
  }

  public TibberSettings withApiUrl(URI url) {
    return new TibberSettings(url, token, homeIds, requestTimeout, userAgent);
  }
}
