package dev.powerwatch.status;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import dev.powerwatch.debounce.AlertKey;
import dev.powerwatch.debounce.AlertRecord;
import dev.powerwatch.debounce.Debouncer;
import dev.powerwatch.debounce.Silence;
import dev.powerwatch.debounce.Silences;
import dev.powerwatch.feed.FeedStatus;
import dev.powerwatch.feed.LiveFeed;
import dev.powerwatch.notify.Notifier;
import dev.powerwatch.rules.EnergyStatus;
import dev.powerwatch.rules.HomeMonitor;
import dev.powerwatch.support.StateHealth;
import dev.powerwatch.tibber.Measurement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** Asks the guardian what runs, then each part how it is: the status is never a shared variable. */
public final class StatusQuery {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final ActorSystem<?> system;
  private final Supplier<CompletionStage<DaemonParts>> parts;
  private final Supplier<Map<String, Measurement>> latest;

  /** @param latest each home's latest measurement */
  public StatusQuery(ActorSystem<?> system, Supplier<CompletionStage<DaemonParts>> parts,
      Supplier<Map<String, Measurement>> latest) {
    this.system = system;
    this.parts = parts;
    this.latest = latest;
  }

  public CompletionStage<Snapshot> snapshot() {
    return parts.get().thenCompose(this::ask);
  }

  private CompletionStage<Snapshot> ask(DaemonParts p) {
    CompletableFuture<Optional<FeedStatus>> feed = optional(p.feed()
        .map(ref -> AskPattern.ask(ref, LiveFeed.GetStatus::new, TIMEOUT, system.scheduler())));
    CompletableFuture<Optional<Map<AlertKey, AlertRecord>>> alerts = optional(p.debouncer()
        .map(ref -> AskPattern.ask(ref, Debouncer.GetAlerts::new, TIMEOUT, system.scheduler())));
    CompletableFuture<Optional<List<Silence>>> silences = optional(p.debouncer()
        .map(ref -> AskPattern.ask(ref, Debouncer.GetSilences::new, TIMEOUT, system.scheduler())));
    CompletableFuture<Optional<StateHealth>> debouncerState = optional(p.debouncer()
        .map(ref -> AskPattern.ask(ref, Debouncer.GetStateHealth::new, TIMEOUT, system.scheduler())));
    CompletableFuture<Optional<Notifier.Status>> notifier = optional(p.notifier()
        .map(ref -> AskPattern.ask(ref, Notifier.GetStatus::new, TIMEOUT, system.scheduler())));
    CompletableFuture<List<HomeMonitor.HomeEnergy>> energy = energy(p);
    CompletableFuture<Optional<BrokerStatus>> broker = optional(p.broker().map(Supplier::get));
    CompletableFuture<Optional<Map<String, ClusterParts.HomeView>>> homes = optional(p.cluster()
        .map(c -> c.homes().get()));
    return CompletableFuture.allOf(feed, alerts, silences, debouncerState, notifier, energy, broker, homes)
        .thenApply(done -> {
      List<String> stateProblems = new ArrayList<>();
      debouncerState.join().flatMap(StateHealth::problem).ifPresent(stateProblems::add);
      notifier.join().flatMap(Notifier.Status::stateProblem).ifPresent(stateProblems::add);
      energy.join().forEach(home -> stateProblems.addAll(home.stateProblems()));
      Map<String, List<EnergyStatus>> energyByHome = new HashMap<>();
      energy.join().forEach(home -> energyByHome.put(home.homeId(), home.rules()));
      Map<AlertKey, AlertRecord> alertRecords = new HashMap<>(alerts.join().orElse(Map.of()));
      Map<String, String> hosts = new HashMap<>();
      homes.join().orElse(Map.of()).forEach((homeId, view) -> {
        hosts.put(homeId, view.host());
        view.alerts().forEach((rule, record) -> alertRecords.put(new AlertKey(homeId, rule), record));
      });
      List<Silence> clusterSilences = Silences.distinct(homes.join().orElse(Map.of()).values().stream()
          .flatMap(view -> view.silences().stream()).toList());
      return new Snapshot(p.homes(), p.policies(), p.discovering(), feed.join(), alertRecords,
          silences.join().orElse(clusterSilences), notifier.join(), stateProblems, latest.get(), energyByHome,
          broker.join(), p.cluster().map(c -> c.membership().get().withHomeHosts(hosts)));
    });
  }

  private CompletableFuture<List<HomeMonitor.HomeEnergy>> energy(DaemonParts p) {
    List<CompletableFuture<Optional<HomeMonitor.HomeEnergy>>> answers = p.monitors().values().stream()
        .map(ref -> optional(Optional.of(AskPattern.<HomeMonitor.Command, HomeMonitor.HomeEnergy>ask(ref,
            HomeMonitor.GetEnergy::new, TIMEOUT, system.scheduler()))))
        .toList();
    return CompletableFuture.allOf(answers.toArray(new CompletableFuture[0]))
        .thenApply(done -> answers.stream().flatMap(a -> a.join().stream()).toList());
  }

  private static <T> CompletableFuture<Optional<T>> optional(Optional<CompletionStage<T>> answer) {
    return answer.map(stage -> stage.toCompletableFuture().thenApply(Optional::of)
            .exceptionally(failure -> Optional.empty()))
        .orElse(CompletableFuture.completedFuture(Optional.empty()));
  }
}
