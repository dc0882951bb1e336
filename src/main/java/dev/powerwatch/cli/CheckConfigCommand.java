package dev.powerwatch.cli;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import dev.powerwatch.settings.HomeSelection;
import dev.powerwatch.rules.Rule;
import dev.powerwatch.rules.RuleSpec;
import dev.powerwatch.settings.Settings;
import dev.powerwatch.settings.StartupCheck;
import dev.powerwatch.settings.WatchedAccount;
import dev.powerwatch.support.Json;
import dev.powerwatch.tibber.FeedEndpoint;
import dev.powerwatch.tibber.TibberAccount;
import dev.powerwatch.tibber.TibberApi;
import dev.powerwatch.tibber.TibberApiException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
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
    TibberAccount asking = settings.tibber().mainAccount();
    try {
      FeedEndpoint endpoint = null;
      List<HomeSelection.Listed> listed = new ArrayList<>();
      for (TibberAccount account : settings.tibber().accounts()) {
        asking = account;
        TibberApi api = new TibberApi(system, settings.tibber().forAccount(account), Json.mapper(), Clock.systemUTC());
        FeedEndpoint answer = api.feedEndpoint().toCompletableFuture().join();
        endpoint = endpoint == null ? answer : endpoint;
        listed.add(new HomeSelection.Listed(account, api, answer.homes()));
      }
      List<WatchedAccount> accounts = HomeSelection.selectAll(listed);
      HomeSelection.checkRuleHomes(settings.rules(), accounts.stream().flatMap(a -> a.homes().stream()).toList());
      print(out, settings, endpoint, accounts);
      checked.warnings().forEach(w -> out.println("Warning: " + w));
      return ExitCodes.OK;
    } catch (CompletionException e) {
      if (e.getCause() instanceof TibberApiException api) {
        if (api.kind() == TibberApiException.Kind.UNAUTHENTICATED) {
          throw api.asRejectedToken(asking.tokenKey());
        }
        System.err.println("powerwatch: cannot check against Tibber: " + api.getMessage());
        return ExitCodes.UNAVAILABLE;
      }
      throw e;
    } finally {
      system.terminate();
    }
  }

  private static void print(PrintStream out, Settings settings, FeedEndpoint endpoint, List<WatchedAccount> accounts) {
    out.println("Configuration OK.");
    out.println("  api-url        " + settings.tibber().apiUrl());
    out.println("  token          " + settings.tibber().token());
    out.println("  live feed      " + endpoint.websocketUrl());
    out.println("  state-dir      " + settings.stateDir());
    out.println("  feed timeout   " + settings.feed().timeout().toSeconds() + " s");
    out.println("Homes to watch:");
    for (WatchedAccount watched : accounts) {
      String through = accounts.size() == 1 ? "" : "  account " + watched.account().name();
      watched.homes().forEach(h -> out.println("  " + h.id() + "  " + h.displayName() + "  (" + h.timeZone() + ")"
          + through));
    }
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
