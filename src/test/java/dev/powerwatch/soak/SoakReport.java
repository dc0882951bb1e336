package dev.powerwatch.soak;

import dev.powerwatch.soak.SoakOracle.Episode;
import dev.powerwatch.soak.SoakOracle.Expected;
import dev.powerwatch.soak.SoakOracle.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A soak's verdict: every home's notices against the oracle's, the failures, and one table. */
public final class SoakReport {
  private static final Duration CLOCK_SLACK = Duration.ofMinutes(1);
  /** The longest a feed may take to carry readings again after a fault on its socket ends (real time). */
  static final Duration FEED_BACK_WITHIN = Duration.ofSeconds(10);

  private final SoakPlan plan;
  private final long peakRssKb;
  private final List<String> rows = new ArrayList<>();
  private final List<String> faultRows = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  SoakReport(SoakPlan plan, long peakRssKb) {
    this.plan = plan;
    this.peakRssKb = peakRssKb;
  }

  public List<String> failures() {
    return List.copyOf(failures);
  }

  void addFailures(List<String> more) {
    failures.addAll(more);
  }

  /**
   * One home's notices against the oracle's. A notice may arrive once more after a restart of the
   * daemon that came after its first arrival (its acceptance may not have been written yet).
   */
  void judgeHome(String home, int readings, List<Expected> expected, List<PushReceiver.Notice> received,
      Duration lag, List<Instant> restarts) {
    Map<String, PushReceiver.Notice> distinct = new LinkedHashMap<>();
    Map<String, Integer> arrivals = new java.util.HashMap<>();
    int repeated = 0;
    int held = 0;
    for (PushReceiver.Notice n : received) {
      PushReceiver.Notice first = distinct.putIfAbsent(n.id(), n);
      if (first == null) {
        held += n.held() ? 1 : 0;
        continue;
      }
      if (n.held() || first.held()) {
        failures.add(home + ": notice " + n.id() + " both arrived and is still in the outbox");
        continue;
      }
      repeated++;
      boolean afterRestart = restarts.stream().anyMatch(r -> !r.isBefore(first.realArrival())
          && !r.isAfter(n.realArrival()));
      if (arrivals.merge(n.id(), 1, Integer::sum) > 1 || !afterRestart) {
        failures.add(home + ": notice " + n.id() + " (" + n.kind() + " made at " + n.at() + ") arrived again"
            + (afterRestart ? ", more than once after a restart" : " without a restart between"));
      }
    }
    int[][] counts = new int[expected.size()][Kind.values().length];
    for (PushReceiver.Notice n : distinct.values()) {
      if (SoakPlan.quiet(n.at())) {
        failures.add(home + ": " + n.kind() + " made at " + local(n.at()) + ", in quiet hours");
      } else if (!n.held() && SoakPlan.quiet(n.arrivedAt()) && SoakPlan.quiet(n.arrivedAt().minus(lag))) {
        failures.add(home + ": " + n.kind() + " made at " + local(n.at()) + " arrived at " + local(n.arrivedAt())
            + ", in quiet hours");
      }
      int episode = episodeOf(n, expected, lag);
      if (episode < 0) {
        failures.add(home + ": " + n.kind() + " at " + local(n.at()) + " belongs to no alert the readings made");
      } else {
        counts[episode][n.kind().ordinal()]++;
      }
    }
    int least = 0;
    int most = 0;
    for (int i = 0; i < expected.size(); i++) {
      Expected e = expected.get(i);
      for (Kind kind : Kind.values()) {
        int k = kind.ordinal();
        least += e.least()[k];
        most += e.most()[k];
        if (counts[i][k] < e.least()[k] || counts[i][k] > e.most()[k]) {
          failures.add(home + ": alert from " + local(e.episode().firedAt()) + " to "
              + (e.episode().resolvedAt() == null ? "the end" : local(e.episode().resolvedAt())) + " brought "
              + counts[i][k] + " " + kind + " notice(s), expected " + e.least()[k]
              + (e.most()[k] == e.least()[k] ? "" : " to " + e.most()[k]));
        }
      }
    }
    rows.add(String.format(Locale.ROOT, "| %s | %,d | %d | %d–%d | %d | %d | %d |", home.substring(0, 8), readings,
        expected.size(), least, most, distinct.size() - held, held, repeated));
  }

  /**
   * Each kind of fault: how often it came and, for the feed's and the restarts, how long after it
   * ended the next reading went out (real time); a fault that ended too close to the end of the run
   * to tell is not judged.
   */
  void judgeFaults(List<SoakFaults.Applied> applied, SoakTimeline time, List<Instant> readingTimes, Instant runEnd) {
    Map<SoakPlan.FaultKind, List<Duration>> recoveries = new java.util.EnumMap<>(SoakPlan.FaultKind.class);
    Map<SoakPlan.FaultKind, Integer> counts = new java.util.EnumMap<>(SoakPlan.FaultKind.class);
    for (SoakFaults.Applied fault : applied) {
      counts.merge(fault.kind(), 1, Integer::sum);
      if (!fault.kind().onFeed() && !fault.kind().restarts()) {
        continue;
      }
      Instant ended = time.simulated(fault.ended());
      java.util.Optional<Instant> next = SoakTimeline.firstAfter(ended, readingTimes);
      if (next.isEmpty()) {
        if (Duration.between(fault.ended(), runEnd).compareTo(FEED_BACK_WITHIN) > 0) {
          failures.add(fault.kind() + " that ended at " + local(ended) + ": no reading went out after it");
        }
        continue;
      }
      Duration back = time.real(Duration.between(ended, next.get()));
      recoveries.computeIfAbsent(fault.kind(), k -> new ArrayList<>()).add(back);
      if (back.compareTo(FEED_BACK_WITHIN) > 0) {
        failures.add(fault.kind() + " that ended at " + local(ended) + ": the feed took " + back.toMillis()
            + " ms to carry readings again");
      }
    }
    counts.forEach((kind, count) -> {
      List<Duration> back = recoveries.getOrDefault(kind, List.of()).stream().sorted().toList();
      faultRows.add(String.format(Locale.ROOT, "| %s | %d | %s | %s |", kind, count,
          back.isEmpty() ? "-" : back.get(back.size() / 2).toMillis() + " ms",
          back.isEmpty() ? "-" : back.get(back.size() - 1).toMillis() + " ms"));
    });
  }

  /** The episode a notice belongs to: the one it fired or repeated in, or the last one it resolved. */
  private static int episodeOf(PushReceiver.Notice n, List<Expected> expected, Duration lag) {
    for (int i = expected.size() - 1; i >= 0; i--) {
      Episode e = expected.get(i).episode();
      if (n.kind() == Kind.RESOLVED) {
        if (e.resolvedAt() != null && !n.at().isBefore(e.resolvedAt().minus(CLOCK_SLACK))) {
          return i;
        }
      } else if (!n.at().isBefore(e.firedAt().minus(CLOCK_SLACK))) {
        return e.resolvedAt() == null || !n.at().isAfter(e.resolvedAt().plus(lag)) ? i : -1;
      }
    }
    return -1;
  }

  private static String local(Instant at) {
    return at.atZone(SoakPlan.ZONE).toLocalDateTime().toString();
  }

  public String table() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "seed %d, %d simulated days at %.0f times real time, %d homes%n",
        plan.seed(), plan.length().toDays(), plan.speed(), plan.homes()));
    out.append("| home | readings sent | alerts | notices expected | delivered | still queued at the end | repeated |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    rows.forEach(row -> out.append(row).append('\n'));
    out.append("\n| fault | times | feed back after, p50 | max |\n|---|---|---|---|\n");
    faultRows.forEach(row -> out.append(row).append('\n'));
    out.append(String.format(Locale.ROOT, "%ndaemon peak RSS %,d kB; %d failure(s)%n", peakRssKb, failures.size()));
    return out.toString();
  }
}
