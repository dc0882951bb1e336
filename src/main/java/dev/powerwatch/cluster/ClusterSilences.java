package dev.powerwatch.cluster;

import akka.Done;
import akka.actor.typed.ActorSystem;
import dev.powerwatch.debounce.Silence;
import dev.powerwatch.debounce.SilenceDesk;
import dev.powerwatch.debounce.Silences;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Silences on a cluster: each lives in the journal of every home it concerns (one home's, or all
 * of them), so it moves with the home and holds on whichever node hosts it. This node checks a
 * request against the homes and rules it knows, gives the silence its id, and hands it to the homes.
 */
public final class ClusterSilences implements SilenceDesk {
  private static final Duration HOME_TIMEOUT = Duration.ofSeconds(5);

  private final HomeRoutes routes;
  private final List<String> homeIds;
  private final Set<String> rules;
  private final Clock clock;

  public ClusterSilences(ActorSystem<?> system, List<String> homeIds, Set<String> rules, Clock clock) {
    this.routes = HomeRoutes.of(system);
    this.homeIds = List.copyOf(homeIds);
    this.rules = Set.copyOf(rules);
    this.clock = clock;
  }

  @Override
  public CompletionStage<List<Silence>> list() {
    return askEveryHome(homeId -> routes.<HomeEntity.Alerts>ask(homeId,
        HomeEntity.GetAlerts::new, HOME_TIMEOUT))
        .thenApply(answers -> Silences.distinct(answers.stream().flatMap(a -> a.silences().stream()).toList()));
  }

  @Override
  public CompletionStage<Silences.Outcome> add(Silence.Request request) {
    return list().thenCompose(existing -> {
      Silences.Outcome outcome = new Silences(Set.copyOf(homeIds), rules, existing)
          .add(request, clock.instant(), () -> Silences.newId(existing));
      if (!(outcome instanceof Silences.Outcome.Created created)) {
        return CompletableFuture.completedFuture(outcome);
      }
      Silence silence = created.silence();
      List<String> homes = silence.homeId() == null ? homeIds : List.of(silence.homeId());
      CompletableFuture<?>[] written = homes.stream()
          .map(homeId -> routes.<Done>ask(homeId,
              replyTo -> new HomeEntity.AddSilence(silence, clock.instant(), replyTo), HOME_TIMEOUT)
              .toCompletableFuture())
          .toArray(CompletableFuture[]::new);
      return CompletableFuture.allOf(written).thenApply(done -> outcome);
    });
  }

  @Override
  public CompletionStage<Optional<Silence>> end(String id) {
    return askEveryHome(homeId -> routes.<HomeEntity.Ended>ask(homeId,
        replyTo -> new HomeEntity.EndSilence(id, clock.instant(), replyTo), HOME_TIMEOUT))
        .thenApply(answers -> answers.stream().map(HomeEntity.Ended::silence).filter(s -> s != null).findFirst());
  }

  private <T> CompletableFuture<List<T>> askEveryHome(Function<String, CompletionStage<T>> ask) {
    List<CompletableFuture<T>> answers = homeIds.stream().map(id -> ask.apply(id).toCompletableFuture()).toList();
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
        .thenApply(done -> answers.stream().map(CompletableFuture::join).toList());
  }
}
