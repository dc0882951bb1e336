package dev.powerwatch.rules;

import dev.powerwatch.energy.MonthPeaks;
import dev.powerwatch.energy.PeakHistory;
import dev.powerwatch.support.AtomicFiles;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One home's capacity month for one rule, in {@code state-dir/capacity/}: written atomically,
 * one write after the other, off the actor's thread. A file that cannot be parsed is moved aside
 * with a WARN; one that cannot be read is left alone with an ERROR (start-up refuses it).
 */
final class CapacityStore {
  private static final Logger log = LoggerFactory.getLogger(CapacityStore.class);

  /** What is kept: the month's counted intervals and the earlier months' values. */
  record Saved(MonthPeaks month, PeakHistory history) {}

  private final Path file;
  private final RuleContext context;
  private CompletableFuture<Void> lastWrite = CompletableFuture.completedFuture(null);

  CapacityStore(RuleContext context, String homeId, String rule) {
    this.context = context;
    this.file = context.stateDir().resolve(RuleContext.CAPACITY_FOLDER)
        .resolve(URLEncoder.encode(homeId, StandardCharsets.UTF_8) + "." + rule + ".json");
  }

  Optional<Saved> load() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      log.error("Cannot read {} ({}); starting the month without it", file, e.getClass().getSimpleName());
      return Optional.empty();
    }
    try {
      Saved saved = context.mapper().readValue(bytes, Saved.class);
      if (saved.month() == null || saved.history() == null) {
        throw new IOException("month or history missing");
      }
      return Optional.of(saved);
    } catch (IOException | RuntimeException e) {
      moveAside(e);
      return Optional.empty();
    }
  }

  /** Writes after the previous write, on the I/O executor; a failure is logged, the state stays in memory. */
  synchronized void save(Saved saved) {
    lastWrite = lastWrite.exceptionally(failure -> null).thenRunAsync(() -> write(saved), context.io());
  }

  private void write(Saved saved) {
    try {
      AtomicFiles.write(file, context.mapper().writeValueAsBytes(saved));
    } catch (IOException e) {
      log.error("Cannot write {} ({}); the month's peaks are kept in memory", file, e.getClass().getSimpleName());
    }
  }

  private void moveAside(Exception cause) {
    try {
      Path aside = AtomicFiles.moveAside(file, "corrupt-" + System.currentTimeMillis());
      log.warn("Capacity state {} is damaged ({}); moved it to {} and starting the month without it", file,
          cause.getClass().getSimpleName(), aside.getFileName());
    } catch (IOException e) {
      log.warn("Capacity state {} is damaged and cannot be moved aside; starting the month without it", file);
    }
  }
}
