package dev.powerwatch.support;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Trouble writing state, each problem told once (rather than once per write) until writing works
 * again, which is told too. The owner keeps working from memory meanwhile and asks
 * {@link #problem()} for its status.
 */
public final class WriteTrouble {
  private final Logger log;
  private final String meanwhile;
  /** Read by other threads (the status), written by the owner's. */
  private volatile String current;
  /** The problems told since writing last worked: a failing disk alternates between a few. */
  private final Set<String> told = new HashSet<>();

  /** @param meanwhile what happens until it can write again, for the ERROR line */
  public WriteTrouble(Logger log, String meanwhile) {
    this.log = log;
    this.meanwhile = meanwhile;
  }

  public void failed(String problem) {
    if (told.add(problem)) {
      log.error("State directory: {}; {}", problem, meanwhile);
    }
    current = problem;
  }

  public void succeeded() {
    if (current != null) {
      log.info("State directory: writing works again (it was: {})", current);
      current = null;
      told.clear();
    }
  }

  public Optional<String> problem() {
    return Optional.ofNullable(current);
  }
}
