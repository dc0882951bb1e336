package dev.powerwatch.settings;

import com.typesafe.config.Config;
import dev.powerwatch.support.CompressedClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one validation {@code run} and {@code check-config} make before anything is sent: the file,
 * every key and value, the secrets, and the state directory. A problem is a
 * {@link dev.powerwatch.support.SettingsException} naming its key (exit 78); what is legal but
 * surely unintended comes back as a warning.
 */
public final class StartupCheck {
  /** Below this the watchdog drops healthy feeds: Pulses go quiet for 40–150 s now and then. */
  static final Duration SHORTEST_SENSIBLE_WATCHDOG = Duration.ofSeconds(60);

  public record Checked(Config config, Settings settings, List<String> warnings) {
    public Checked {
      warnings = List.copyOf(warnings);
    }
  }

  private StartupCheck() {}

  /** Configuration and state directory: what the daemon needs to start. */
  public static Checked daemon(Path configFile, Map<String, String> env) {
    Checked checked = configuration(configFile, env);
    StateDirectory.prepare(checked.settings().stateDir());
    return checked;
  }

  /** The same for a configuration already assembled ({@code run --demo}). */
  public static Checked daemon(Config config, Map<String, String> env) {
    Checked checked = of(config, new SettingsLoader(env).load(config));
    StateDirectory.prepare(checked.settings().stateDir());
    return checked;
  }

  /** Configuration alone, for commands that keep no state ({@code test-notify}). */
  public static Checked configuration(Path configFile, Map<String, String> env) {
    Config config = SettingsLoader.loadConfig(configFile);
    return of(config, new SettingsLoader(env).load(config));
  }

  static Checked of(Config config, Settings settings) {
    return new Checked(config, settings, warnings(settings));
  }

  static List<String> warnings(Settings settings) {
    List<String> warnings = new ArrayList<>();
    if (!settings.rules().isEmpty() && settings.notifications().channels().isEmpty()) {
      warnings.add("powerwatch.notify.channels is empty: " + settings.rules().size()
          + " rule(s) will decide alerts but no notice goes anywhere");
    }
    Duration timeout = settings.feed().timeout();
    if (timeout.compareTo(SHORTEST_SENSIBLE_WATCHDOG) < 0) {
      warnings.add("powerwatch.feed.timeout = " + timeout.toMillis() + "ms is short: Pulses go quiet for 40-150 s"
          + " on healthy connections, so the watchdog will drop healthy feeds (default 90s)");
    }
    settings.rules().forEach(rule -> warnings.addAll(rule.warnings()));
    if (settings.clock() instanceof CompressedClock rehearsal) {
      warnings.add("powerwatch.rehearsal.speed = " + rehearsal.speed() + ": the daemon's clock runs that much faster"
          + " than real time (now " + rehearsal.instant() + "); a rehearsal, never a real home");
    }
    return warnings;
  }
}
