package dev.powerwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.powerwatch.debounce.Silence;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a home's journal keeps of its silences: those not yet ended, and no more. */
class HomeLedgerSilencesTest {
  private static final Instant T0 = Instant.parse("2026-12-02T17:00:00Z");

  private static Silence silence(String id, long startMinute, long endMinute) {
    return new Silence(id, null, null, T0.plusSeconds(startMinute * 60), T0.plusSeconds(endMinute * 60), "api", "");
  }

  @Test
  void aSilenceMadeForgetsThoseThatHadEndedByThen() {
    HomeLedger ledger = HomeLedger.empty()
        .apply(new HomeEvent.SilenceAdded(silence("short", 0, 10), T0))
        .apply(new HomeEvent.SilenceAdded(silence("long", 0, 120), T0))
        .apply(new HomeEvent.SilenceAdded(silence("later", 180, 240), T0.plusSeconds(30 * 60)));
    assertEquals(Set.of("long", "later"), ledger.silences().keySet(), "the ten-minute one had ended");
  }

  @Test
  void oneEndedIsGoneAndOnesOverAreNotListed() {
    HomeLedger ledger = HomeLedger.empty()
        .apply(new HomeEvent.SilenceAdded(silence("a", 0, 60), T0))
        .apply(new HomeEvent.SilenceAdded(silence("b", 0, 10), T0))
        .apply(new HomeEvent.SilenceEnded("a", T0.plusSeconds(60)));
    assertEquals(Set.of("b"), ledger.silences().keySet());
    assertEquals(List.of("b"), ledger.silencesAt(T0.plusSeconds(5 * 60)).stream().map(Silence::id).toList());
    assertEquals(List.of(), ledger.silencesAt(T0.plusSeconds(10 * 60)), "over at its end");
  }
}
