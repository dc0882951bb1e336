package dev.powerwatch.mqtt;

import java.util.HashMap;
import java.util.Map;

/** Each home's power since the last publish: the latest reading and the average, then a fresh start. */
final class PowerAverage {
  record Window(double latestWatts, double averageWatts) {}

  private static final class Sum {
    double latest;
    double total;
    long count;
  }

  private final Map<String, Sum> homes = new HashMap<>();

  void add(String homeId, double watts) {
    Sum sum = homes.computeIfAbsent(homeId, id -> new Sum());
    sum.latest = watts;
    sum.total += watts;
    sum.count++;
  }

  /** The window since the last take, or null when no reading came; starts the next window. */
  Window take(String homeId) {
    Sum sum = homes.remove(homeId);
    return sum == null ? null : new Window(sum.latest, sum.total / sum.count);
  }
}
