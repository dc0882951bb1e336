package dev.powerwatch.soak;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the daemon says of itself through a soak: its /health and /ready every quarter of a second,
 * its RSS, and its heap and old generation after the last collection from /metrics, while a process
 * of it runs (from a few seconds after its start to the moment the soak stops it).
 */
final class SoakWatch implements Runnable {
  /** One look; a status of -1 means no answer within 2 s, a memory figure of -1 that it was not read. */
  record Sample(Instant real, int health, int ready, long rssKb, long heapBytes, long oldAfterGcBytes) {}

  private static final long PERIOD_MILLIS = 250;
  private static final int METRICS_EVERY = 8;
  private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"} (\\S+)$");
  private static final Pattern OLD_AFTER_GC =
      Pattern.compile("(?m)^jvm_memory_pool_collection_used_bytes\\{pool=\"(?:Tenured Gen|G1 Old Gen)\"} (\\S+)$");

  private final DaemonApi api;
  private final SoakDaemon daemon;
  private final List<Sample> samples = new ArrayList<>();

  SoakWatch(DaemonApi api, SoakDaemon daemon) {
    this.api = api;
    this.daemon = daemon;
  }

  synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  @Override
  public void run() {
    try {
      for (long look = 0; !Thread.currentThread().isInterrupted(); look++) {
        TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS);
        OptionalLong process = daemon.settledProcess();
        if (process.isEmpty()) {
          continue;
        }
        Instant at = RealTime.now();
        int health = api.status("health");
        int ready = api.status("ready");
        long[] memory = look % METRICS_EVERY == 0 ? memory() : new long[] {-1, -1};
        long rss = daemon.rssKb();
        if (daemon.settledProcess().equals(process)) {
          synchronized (this) {
            samples.add(new Sample(at, health, ready, rss, memory[0], memory[1]));
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private long[] memory() throws InterruptedException {
    try {
      String metrics = api.metrics();
      return new long[] {figure(HEAP, metrics), figure(OLD_AFTER_GC, metrics)};
    } catch (IOException e) {
      return new long[] {-1, -1};
    }
  }

  private static long figure(Pattern pattern, String metrics) {
    Matcher m = pattern.matcher(metrics);
    return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
  }
}
