package dev.powerwatch.soak;

import dev.powerwatch.simulator.SimulatorConfig;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The daemon under soak: the jar as systemd would run it, one process at a time, started again on
 * the same state directory after each SIGKILL or SIGTERM, its wall clock under the soak's
 * {@code faketime}. Its output goes on one log.
 */
final class SoakDaemon implements AutoCloseable {
  private final List<String> command;
  private final Path log;
  private final SoakWallClock wallClock;
  /**
   * How long after its start a process is watched: the JVM starts and binds its port first (a
   * one-node cluster on two tokens took 2.6-5.2 s from its start to serving, its journal opening).
   */
  private static final java.time.Duration SETTLING = java.time.Duration.ofSeconds(8);

  private volatile Process process;
  private volatile boolean stopped;
  private volatile long startedNanos;
  private volatile java.time.Instant exitedAt;

  SoakDaemon(Path jar, Path config, Path log, SoakWallClock wallClock, String maxHeap) {
    this.command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), maxHeap,
        "-XX:+UseSerialGC", "-jar", jar.toString(), "run", "--config", config.toString());
    this.log = log;
    this.wallClock = wallClock;
  }

  synchronized void start() throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(log.toFile()));
    builder.environment().put("TIBBER_TOKEN", SimulatorConfig.DEMO_TOKEN);
    builder.environment().remove("NOTIFY_SOCKET");
    wallClock.prepare(builder.environment());
    process = builder.start();
    startedNanos = System.nanoTime();
    stopped = false;
  }

  /** The pid of the running process once it has settled and while the soak has not begun to stop it. */
  java.util.OptionalLong settledProcess() {
    Process now = process;
    boolean settled = System.nanoTime() - startedNanos >= SETTLING.toNanos();
    return !stopped && settled && now.isAlive() ? java.util.OptionalLong.of(now.pid()) : java.util.OptionalLong.empty();
  }

  boolean running() {
    return process.isAlive();
  }

  /** SIGKILL: the process ends wherever it was. */
  synchronized void kill() throws InterruptedException {
    stopped = true;
    process.destroyForcibly().waitFor();
    exitedAt = RealTime.now();
  }

  /** SIGTERM; its exit code, or -1 when it had not ended 20 s later (then it is killed). */
  synchronized int terminate() throws InterruptedException {
    stopped = true;
    process.destroy();
    return awaitStop();
  }

  /** Whether the soak has told the process to stop (it may still be working on it) and not started one since. */
  synchronized boolean stopAsked() {
    return stopped;
  }

  /**
   * Waits for the stop under way to end the process (one the end of the run interrupted); its exit
   * code, or -1 when it had not ended 20 s later (then it is killed).
   */
  synchronized int awaitStop() throws InterruptedException {
    boolean ended = process.waitFor(20, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly().waitFor();
    }
    exitedAt = RealTime.now();
    return ended ? process.exitValue() : -1;
  }

  /** When the last process the soak stopped had ended: a SIGTERM leaves it working for a while. */
  java.time.Instant exitedAt() {
    return exitedAt;
  }

  /** Ended without being told to: its exit code. */
  synchronized java.util.OptionalInt endedByItself() {
    return !stopped && !process.isAlive() ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
  }

  long rssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return 0;
  }

  @Override
  public synchronized void close() throws InterruptedException {
    terminate();
  }
}
