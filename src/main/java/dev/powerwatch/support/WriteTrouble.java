package dev.powerwatch.support;

import java.util.Optional;
import org.slf4j.Logger;

/**
 * Trouble writing state, told once per problem rather than once per write, and once more when
 * it is over. The owner keeps working from memory meanwhile and asks {@link #problem()} for its
 * status.
 */
public final class WriteTrouble {
  private final Logger log;
  private final String meanwhile;
  /** Read by other threads (the status), written by the owner's. */
  private volatile String current;

  /** @param meanwhile what happens until it can write again, for the ERROR line */
  public WriteTrouble(Logger log, String meanwhile) {
    this.log = log;
    this.meanwhile = meanwhile;
  }

  public void failed(String problem) {
    if (!problem.equals(current)) {
      log.error("State directory: {}; {}", problem, meanwhile);
      current = problem;
    }
  }

  public void succeeded() {
    if (current != null) {
      log.info("State directory: writing works again (it was: {})", current);
      current = null;
    }
  }

  public Optional<String> problem() {
    return Optional.ofNullable(current);
  }
}
