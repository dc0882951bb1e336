package dev.powerwatch.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.powerwatch.tibber.HourlyConsumption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * What a rule that keeps state needs when it starts watching a home: where the state lives, how
 * it is written, an executor for the writes (off the actor's thread), and Tibber's measured hours.
 */
public record RuleContext(Path stateDir, ObjectMapper mapper, Executor io, HourlyHistory history) {
  /** Where rules keep their state files, inside the state directory. */
  public static final String CAPACITY_FOLDER = "capacity";

  /** Tibber's measured hours of a home, the last {@code hours} of them, oldest first. */
  public interface HourlyHistory {
    CompletionStage<List<HourlyConsumption>> last(String homeId, int hours);

    static HourlyHistory none() {
      return (homeId, hours) -> CompletableFuture.completedFuture(List.of());
    }
  }
}
