package dev.powerwatch.settings;

import dev.powerwatch.cluster.ClusterSettings;
import dev.powerwatch.feed.FeedSettings;
import dev.powerwatch.http.HttpSettings;
import dev.powerwatch.broker.MqttSettings;
import dev.powerwatch.notify.NotifySettings;
import dev.powerwatch.rules.Rule;
import dev.powerwatch.tibber.TibberSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Everything the daemon needs, read and validated once at start.
 *
 * @param alertTick how often cooldowns, quiet hours and stale feeds are checked
 * @param http the local status server
 * @param mqtt the MQTT broker for Home Assistant and Node-RED, when there is one
 * @param cluster several nodes sharing the homes, when enabled
 * @param clock the daemon's wall clock: the machine's, or a rehearsal's compressed one
 */
public record Settings(
    TibberSettings tibber,
    FeedSettings feed,
    Path stateDir,
    List<Rule> rules,
    NotifySettings notifications,
    Duration alertTick,
    HttpSettings http,
    MqttSettings mqtt,
    ClusterSettings cluster,
    Clock clock) {

  public Settings {
    rules = List.copyOf(rules);
  }

  public Settings(TibberSettings tibber, FeedSettings feed, Path stateDir, List<Rule> rules,
      NotifySettings notifications, Duration alertTick, HttpSettings http) {
    this(tibber, feed, stateDir, rules, notifications, alertTick, http, MqttSettings.disabled());
  }

  public Settings(TibberSettings tibber, FeedSettings feed, Path stateDir, List<Rule> rules,
      NotifySettings notifications, Duration alertTick, HttpSettings http, MqttSettings mqtt) {
    this(tibber, feed, stateDir, rules, notifications, alertTick, http, mqtt, ClusterSettings.disabled(),
        Clock.systemUTC());
  }

  /** The same settings on a node of a cluster. */
  public Settings withCluster(ClusterSettings clustered) {
    return new Settings(tibber, feed, stateDir, rules, notifications, alertTick, http, mqtt, clustered, clock);
  }
}
