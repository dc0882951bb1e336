package dev.powerwatch.cli;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import dev.powerwatch.settings.HomeSelection;
import dev.powerwatch.rules.Rule;
import dev.powerwatch.rules.RuleSpec;
import dev.powerwatch.settings.Settings;
import dev.powerwatch.settings.StartupCheck;
import dev.powerwatch.tibber.FeedEndpoint;
import dev.powerwatch.tibber.Home;
import dev.powerwatch.tibber.TibberApiException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check-config", mixinStandardHelpOptions = true,
    description = "Validate the configuration, ask Tibber for the homes, print what would run. Sends nothing.")
public final class CheckConfigCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "The operator's HOCON file.")
  Path configFile;

  @Override
  public Integer call() {
    PrintStream out = new PrintStream(System.out, true);
    StartupCheck.Checked checked = StartupCheck.daemon(configFile, System.getenv());
    Config config = checked.config();
    Settings settings = checked.settings();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "check-config",
        Daemon.actorSystemConfig(config, settings));
    try {
      FeedEndpoint endpoint = Daemon.dependencies(system, settings).api().feedEndpoint()
          .toCompletableFuture().join();
      List<Home> homes = HomeSelection.select(settings.tibber().homeIds(), endpoint.homes());
      HomeSelection.checkRuleHomes(settings.rules(), homes);
      print(out, settings, endpoint, homes);
      checked.warnings().forEach(w -> out.println("Warning: " + w));
      return ExitCodes.OK;
    } catch (CompletionException e) {
      if (e.getCause() instanceof TibberApiException api) {
        if (api.kind() == TibberApiException.Kind.UNAUTHENTICATED) {
          throw api.asRejectedToken();
        }
        System.err.println("powerwatch: cannot check against Tibber: " + api.getMessage());
        return ExitCodes.UNAVAILABLE;
      }
      throw e;
    } finally {
      system.terminate();
    }
  }

  private static void print(PrintStream out, Settings settings, FeedEndpoint endpoint, List<Home> homes) {
    out.println("Configuration OK.");
    out.println("  api-url        " + settings.tibber().apiUrl());
    out.println("  token          " + settings.tibber().token());
    out.println("  live feed      " + endpoint.websocketUrl());
    out.println("  state-dir      " + settings.stateDir());
    out.println("  feed timeout   " + settings.feed().timeout().toSeconds() + " s");
    out.println("Homes to watch:");
    homes.forEach(h -> out.println("  " + h.id() + "  " + h.displayName() + "  (" + h.timeZone() + ")"));
    out.println("Rules:" + (settings.rules().isEmpty() ? " none (the daemon only watches)" : ""));
    for (Rule rule : settings.rules()) {
      RuleSpec s = rule.spec();
      out.println("  " + s.name() + ": " + rule.describe() + "; " + s.severity().name().toLowerCase()
          + ", for " + s.pendingFor().toSeconds() + " s, cooldown " + s.cooldown().toSeconds() + " s"
          + ", homes " + (s.homes().isEmpty() ? "all" : s.homes())
          + (s.quietHours().isEmpty() ? "" : ", quiet " + s.quietHours())
          + (s.sendResolved() ? ", tells when resolved" : "")
          + (s.channels().isEmpty() ? "" : ", channels " + s.channels()));
    }
    out.println("Channels:");
    settings.notifications().channels().forEach(c -> out.println("  " + c.name() + " (" + c.type() + ")"));
  }
}
