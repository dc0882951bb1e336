package dev.powerwatch.cluster;

import akka.Done;
import dev.powerwatch.feed.FeedSubscriber;
import dev.powerwatch.tibber.Measurement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Hands each home of an account its part of a batch and lets the feed read on once the homes that
 * keep up have taken theirs. A home that let a batch go unanswered (its entity failing, as on a
 * full journal, or moving) is not waited for again until it answers one: its batches still go to
 * it, in order, but it costs the account's other homes one timeout, not one per batch. Only when
 * it has {@link #MAX_UNANSWERED} batches unanswered is it waited for again, so nothing queues
 * without bound in front of it.
 */
final class HomesOfAccount implements FeedSubscriber {
  static final int MAX_UNANSWERED = 64;

  /** Gives a home its part; the answer fails when the home did not take it in time. */
  private final BiFunction<String, List<Measurement>, CompletionStage<Done>> observe;
  private final Set<String> lagging = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> unanswered = new ConcurrentHashMap<>();

  HomesOfAccount(BiFunction<String, List<Measurement>, CompletionStage<Done>> observe) {
    this.observe = observe;
  }

  @Override
  public void deliver(List<Measurement> batch, Runnable done) {
    Map<String, List<Measurement>> byHome = new LinkedHashMap<>();
    batch.forEach(m -> byHome.computeIfAbsent(m.homeId(), id -> new ArrayList<>()).add(m));
    List<CompletableFuture<Done>> awaited = new ArrayList<>();
    byHome.forEach((homeId, part) -> {
      boolean keepsUp = !lagging.contains(homeId);
      AtomicInteger open = unanswered.computeIfAbsent(homeId, id -> new AtomicInteger());
      int openNow = open.incrementAndGet();
      CompletableFuture<Done> answer = observe.apply(homeId, part).toCompletableFuture();
      answer.whenComplete((ok, failure) -> answered(homeId, open, failure == null));
      if (keepsUp || openNow > MAX_UNANSWERED) {
        awaited.add(answer);
      }
    });
    CompletableFuture.allOf(awaited.toArray(CompletableFuture[]::new)).whenComplete((ok, failure) -> done.run());
  }

  private void answered(String homeId, AtomicInteger open, boolean inTime) {
    open.decrementAndGet();
    if (inTime) {
      lagging.remove(homeId);
    } else {
      lagging.add(homeId);
    }
  }
}
