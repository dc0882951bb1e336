package dev.powerwatch.settings;

import java.nio.file.Path;

/** Everything the daemon needs, read and validated once at start. */
public record Settings(TibberSettings tibber, FeedSettings feed, Path stateDir) {

  public Settings withTibber(TibberSettings newTibber) {
    return new Settings(newTibber, feed, stateDir);
  }
}
