package dev.powerwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.CoordinatedShutdown;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Why the daemon ended, as systemd reads it from the exit code (the unit restarts on failure, not on 78). */
class ExitCodeTest {
  private final StringWriter said = new StringWriter();
  private final PrintWriter err = new PrintWriter(said, true);

  @Test
  void aStopAskedForIsZero() {
    assertEquals(ExitCodes.OK, Daemon.exitCode(Optional.of(CoordinatedShutdown.jvmExitReason()), err));
    assertEquals(ExitCodes.OK, Daemon.exitCode(Optional.empty(), err));
    assertEquals("", said.toString());
  }

  @Test
  void aNodeTheClusterDownedExitsForSystemdToStartItAgain() {
    assertEquals(ExitCodes.TEMPFAIL, Daemon.exitCode(Optional.of(CoordinatedShutdown.clusterDowningReason()), err));
    assertTrue(said.toString().contains("the other nodes of the cluster removed this one"), said.toString());
  }

  @Test
  void aNodeConfiguredUnlikeTheClusterIsAConfigurationError() {
    assertEquals(ExitCodes.CONFIG, Daemon.exitCode(
        Optional.of(CoordinatedShutdown.incompatibleConfigurationDetectedReason()), err));
  }
}
