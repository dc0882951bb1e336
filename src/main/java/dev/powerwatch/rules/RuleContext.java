package dev.powerwatch.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * What a rule that keeps state across restarts needs when it starts watching a home: where the
 * state lives, how it is written, and an executor for the writes, off the actor's thread.
 */
public record RuleContext(Path stateDir, ObjectMapper mapper, Executor io) {
  /** Where rules keep their state files, inside the state directory. */
  public static final String CAPACITY_FOLDER = "capacity";
}
