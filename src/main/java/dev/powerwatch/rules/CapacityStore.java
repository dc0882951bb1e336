package dev.powerwatch.rules;

import dev.powerwatch.energy.MonthPeaks;
import dev.powerwatch.energy.PeakHistory;
import dev.powerwatch.support.StateFile;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One home's capacity month for one rule, in {@code state-dir/capacity/}: written atomically,
 * one write after the other, off the actor's thread, through a {@link StateFile} (a damaged file
 * moved aside, trouble writing told once).
 */
final class CapacityStore {
  private static final Logger log = LoggerFactory.getLogger(CapacityStore.class);

  /** What is kept: the month's counted intervals and the earlier months' values. */
  record Saved(MonthPeaks month, PeakHistory history) {}

  private final StateFile file;
  private final RuleContext context;
  private CompletableFuture<Void> lastWrite = CompletableFuture.completedFuture(null);

  CapacityStore(RuleContext context, String homeId, String rule) {
    this.context = context;
    this.file = new StateFile(context.stateDir().resolve(RuleContext.CAPACITY_FOLDER)
        .resolve(URLEncoder.encode(homeId, StandardCharsets.UTF_8) + "." + rule + ".json"), "capacity state",
        "the month's peaks are kept in memory and written once it works again", Clock.systemUTC(), log);
  }

  Optional<Saved> load() {
    return file.load(bytes -> {
      Saved saved = context.mapper().readValue(bytes, Saved.class);
      if (saved.month() == null || saved.history() == null) {
        throw new IOException("month or history missing");
      }
      return saved;
    });
  }

  Optional<String> problem() {
    return file.problem();
  }

  /** Writes after the previous write, on the I/O executor; a failure is logged once, the state stays in memory. */
  synchronized void save(Saved saved) {
    lastWrite = lastWrite.exceptionally(failure -> null).thenRunAsync(() -> write(saved), context.io());
  }

  private void write(Saved saved) {
    file.write(context.mapper().writer(), saved);
  }
}
