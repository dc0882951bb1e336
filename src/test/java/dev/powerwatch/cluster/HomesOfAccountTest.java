package dev.powerwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import dev.powerwatch.tibber.Measurement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HomesOfAccountTest {
  /** Each home's answers, one per part it was given, in order. */
  private final Map<String, List<CompletableFuture<Done>>> answers = new HashMap<>();
  private final HomesOfAccount homes = new HomesOfAccount((homeId, part) -> {
    CompletableFuture<Done> answer = new CompletableFuture<>();
    answers.computeIfAbsent(homeId, id -> new ArrayList<>()).add(answer);
    return answer;
  });

  @Test
  void aHomeThatLetABatchTimeOutIsNotWaitedForAgainUntilItAnswers() {
    AtomicBoolean first = deliver("north", "south");
    answer("north", 0);
    assertFalse(first.get(), "south has not answered yet");
    timeOut("south", 0);
    assertTrue(first.get());

    AtomicBoolean second = deliver("north", "south");
    answer("north", 1);
    assertTrue(second.get(), "south, which let the last batch time out, holds the feed no longer");

    answer("south", 1);
    AtomicBoolean third = deliver("north", "south");
    answer("north", 2);
    assertFalse(third.get(), "south answered again, so it is waited for again");
    answer("south", 2);
    assertTrue(third.get());
  }

  @Test
  void aHomeThatKeepsFallingBehindIsWaitedForOnceItHasTooManyBatchesUnanswered() {
    deliver("south");
    timeOut("south", 0);
    for (int i = 1; i <= HomesOfAccount.MAX_UNANSWERED; i++) {
      assertTrue(deliver("south").get(), "batch " + i + " goes out without waiting");
    }
    AtomicBoolean over = deliver("south");
    assertFalse(over.get(), "the feed waits rather than queue without bound");
    answer("south", 1);
    assertFalse(over.get(), "it waits for that batch's own answer");
    answer("south", HomesOfAccount.MAX_UNANSWERED + 1);
    assertTrue(over.get());
    assertEquals(HomesOfAccount.MAX_UNANSWERED + 2, answers.get("south").size(), "every batch went to the home");
  }

  /** A batch with one reading of each home; true once the feed may read on. */
  private AtomicBoolean deliver(String... homeIds) {
    AtomicBoolean done = new AtomicBoolean();
    List<Measurement> batch = java.util.Arrays.stream(homeIds).map(HomesOfAccountTest::reading).toList();
    homes.deliver(batch, () -> assertFalse(done.getAndSet(true), "done runs once"));
    return done;
  }

  private void answer(String homeId, int part) {
    answers.get(homeId).get(part).complete(Done.done());
  }

  private void timeOut(String homeId, int part) {
    answers.get(homeId).get(part).completeExceptionally(new TimeoutException("no answer in time"));
  }

  private static Measurement reading(String homeId) {
    return new Measurement(homeId, OffsetDateTime.of(2026, 12, 4, 12, 0, 0, 0, ZoneOffset.UTC), 2000, 0, 0, 0, 0,
        0, 0, 0, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null);
  }
}
