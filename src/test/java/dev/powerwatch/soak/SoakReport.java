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
import java.util.Optional;

/** A soak's verdict: every home's notices against the oracle's, the failures, and one table. */
public final class SoakReport {
  private static final Duration CLOCK_SLACK = Duration.ofMinutes(1);
  /** The longest a feed may take to carry readings again after a fault on its socket ends (real time). */
  static final Duration FEED_BACK_WITHIN = Duration.ofSeconds(10);

  private final SoakPlan plan;
  private final long peakRssKb;
  private final List<String> rows = new ArrayList<>();
  private final List<String> hourRows = new ArrayList<>();
  private final List<String> faultRows = new ArrayList<>();
  private final List<String> memoryRows = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private int killsAtANotice;
  private final List<String> notPlayed = new ArrayList<>();
  /**
   * From a fault on the state directory to a stop of the daemon that came before it could write
   * again (simulated): a notice made here may be made once more, under a new id, by the daemon
   * started after, whose state still said the alert was as before.
   */
  private List<SoakOracle.Blur> unrecorded = List.of();
  private WallSteps wallSteps = WallSteps.NONE;

  private final int accounts;

  SoakReport(SoakPlan plan, long peakRssKb) {
    this(plan, peakRssKb, 1);
  }

  SoakReport(SoakPlan plan, long peakRssKb, int accounts) {
    this.plan = plan;
    this.peakRssKb = peakRssKb;
    this.accounts = accounts;
  }

  public List<String> failures() {
    return List.copyOf(failures);
  }

  void addFailures(List<String> more) {
    failures.addAll(more);
  }

  /**
   * A home's notices of one rule, each once: how many of them are still queued, how many the daemon
   * gave up on, how many arrived twice.
   */
  private record Distinct(List<PushReceiver.Notice> notices, int repeated) {
    long held() {
      return notices.stream().filter(PushReceiver.Notice::held).count();
    }

    long givenUp() {
      return notices.stream().filter(PushReceiver.Notice::givenUp).count();
    }

    long delivered() {
      return notices.stream().filter(PushReceiver.Notice::delivered).count();
    }
  }

  /**
   * The notices the daemon may have given up on: never accepted nor still queued, and failed by the
   * service once they were {@link SoakPlan#GIVE_UP_AFTER} old (on the daemon's wall clock, which a
   * bad time sync may have set up to an hour ahead). One the daemon dropped earlier, or let go
   * without trying it while the service answered, counts as missing.
   */
  static java.util.stream.Stream<PushReceiver.Notice> givenUpOn(List<PushReceiver.Refusal> refusals,
      java.util.Set<String> settled) {
    return refusals.stream().filter(r -> !settled.contains(r.notice().id()))
        .filter(r -> !r.at().isBefore(r.notice().at().plus(SoakPlan.GIVE_UP_AFTER).minus(SoakPlan.WALL_STEP)))
        .map(r -> r.notice().givenUpOn());
  }

  /**
   * Each notice once. A notice may arrive once more from each daemon started again after its last
   * arrival (its acceptance may not have been written before the one before died): once per crash.
   */
  private Distinct distinct(String home, List<PushReceiver.Notice> received, List<Instant> startedAgain) {
    Map<String, PushReceiver.Notice> distinct = new LinkedHashMap<>();
    Map<String, Instant> lastArrival = new java.util.HashMap<>();
    int repeated = 0;
    for (PushReceiver.Notice n : received) {
      PushReceiver.Notice first = distinct.putIfAbsent(n.id(), n);
      if (first == null) {
        lastArrival.put(n.id(), n.realArrival());
        continue;
      }
      if (!n.delivered() || !first.delivered()) {
        failures.add(home + ": notice " + n.id() + " both arrived and is still in the outbox or was given up on");
        continue;
      }
      repeated++;
      Instant before = lastArrival.put(n.id(), n.realArrival());
      if (startedAgain.stream().noneMatch(r -> r.isAfter(before) && !r.isAfter(n.realArrival()))) {
        failures.add(home + ": notice " + n.id() + " (" + n.kind() + " made at " + n.at() + ") arrived again"
            + " without a restart since it last arrived");
      }
    }
    return new Distinct(List.copyOf(distinct.values()), repeated);
  }

  private void madeUnderASilence(String home, PushReceiver.Notice n, List<SoakOracle.Silence> silences) {
    silences.stream().filter(silence -> silence.mutes(n.at())).findFirst().ifPresent(silence -> failures.add(home
        + ": " + n.kind() + " of " + n.rule() + " made at " + local(n.at()) + ", under a silence from "
        + local(silence.from()) + " to " + local(silence.endsAt())));
  }

  /** One home's notices of the threshold rule against the oracle's. */
  void judgeHome(String home, int readings, List<Expected> expected, List<PushReceiver.Notice> received,
      Duration lag, List<Instant> startedAgain, List<SoakOracle.Silence> silences) {
    Distinct distinct = distinct(home, received, startedAgain);
    int[][] counts = new int[expected.size()][Kind.values().length];
    int[][] remakes = new int[expected.size()][Kind.values().length];
    for (PushReceiver.Notice n : distinct.notices()) {
      if (SoakPlan.quiet(n.stamped())) {
        failures.add(home + ": " + n.kind() + " made at " + local(n.at()) + " (" + local(n.stamped())
            + " on the daemon's clock), in quiet hours");
      } else if (n.delivered() && quietAround(n.arrivedAt(), lag)) {
        failures.add(home + ": " + n.kind() + " made at " + local(n.at()) + " arrived at " + local(n.arrivedAt())
            + ", in quiet hours");
      }
      madeUnderASilence(home, n, silences);
      int episode = episodeOf(n, expected, lag);
      if (episode < 0) {
        failures.add(home + ": " + n.kind() + " at " + local(n.at()) + " belongs to no alert the readings made");
      } else {
        counts[episode][n.kind().ordinal()]++;
        remakes[episode][n.kind().ordinal()] += madeUnrecorded(n) ? 1 : 0;
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
        if (counts[i][k] < e.least()[k] || counts[i][k] > e.most()[k] + remakes[i][k]) {
          failures.add(home + ": alert from " + local(e.episode().firedAt()) + " to "
              + (e.episode().resolvedAt() == null ? "the end" : local(e.episode().resolvedAt())) + " brought "
              + counts[i][k] + " " + kind + " notice(s), expected " + e.least()[k]
              + (e.most()[k] == e.least()[k] ? "" : " to " + e.most()[k]));
        }
      }
    }
    rows.add(String.format(Locale.ROOT, "| %s | %,d | %d | %d | %d–%d | %d | %d | %d | %d |", home.substring(0, 8),
        readings, expected.size(), silences.size(), least, most, distinct.delivered(), distinct.held(),
        distinct.givenUp(), distinct.repeated()));
  }

  /**
   * How far into an hour a warning is still of the hour before: an hour's own warnings come from
   * {@code not-before} on the meter's clock (the daemon's agrees within milliseconds); those made
   * earlier are of the hour before, decided late (a daemon just started takes some 100 ms over
   * its first readings, minutes at the soak's speed). A minute's leeway for the clocks.
   */
  static final Duration WARNING_OF_THE_HOUR_BEFORE = SoakPlan.HOUR_NOT_BEFORE.minus(Duration.ofMinutes(1));

  /**
   * The hour a warning is of: that of the reading that set it off (the alert's start the notice
   * tells, local HH:mm), however late the daemon decided; without it, by when it was made.
   */
  static Instant hourWarnedOf(PushReceiver.Notice n) {
    java.time.ZonedDateTime made = n.at().atZone(SoakPlan.ZONE);
    if (n.since() == null || !n.since().matches("\\d\\d:\\d\\d")) {
      return made.minus(WARNING_OF_THE_HOUR_BEFORE).truncatedTo(java.time.temporal.ChronoUnit.HOURS).toInstant();
    }
    java.time.ZonedDateTime hour = made.with(java.time.LocalTime.parse(n.since()))
        .truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    return (hour.isAfter(made) ? hour.minusDays(1) : hour).toInstant();
  }

  /**
   * One home's warnings of the hour rule against {@link SoakHours}: each warning is of the hour
   * {@link #hourWarnedOf} tells, at most one an hour, one in every must-hour by its due time (moved
   * on by each of {@code journalWaits}, the home's readings waiting for its journal, from the hour's
   * start to it), none before its hour came near its limit.
   */
  void judgeHours(String home, List<SoakHours.Hour> hours, List<PushReceiver.Notice> received,
      List<Instant> startedAgain, List<SoakOracle.Silence> silences, List<SoakOracle.Blur> journalWaits) {
    Distinct distinct = distinct(home, received, startedAgain);
    Map<Instant, List<PushReceiver.Notice>> byHour = new java.util.HashMap<>();
    for (PushReceiver.Notice n : distinct.notices()) {
      madeUnderASilence(home, n, silences);
      if (n.kind() != Kind.FIRING) {
        failures.add(home + ": a " + n.kind() + " notice of " + n.rule() + " made at " + local(n.at())
            + "; the hour rule sends one warning an hour and nothing else");
      }
      Instant hour = hourWarnedOf(n);
      byHour.computeIfAbsent(hour, h -> new ArrayList<>()).add(n);
    }
    int must = 0;
    int may = 0;
    for (SoakHours.Hour hour : hours) {
      List<PushReceiver.Notice> warnings = byHour.getOrDefault(hour.start(), List.of());
      byHour.remove(hour.start());
      must += hour.call() == SoakHours.Call.MUST ? 1 : 0;
      may += hour.call() == SoakHours.Call.MAY ? 1 : 0;
      String problem = hourProblem(hour, dueBy(hour, journalWaits), warnings,
          warnings.stream().filter(this::madeUnrecorded).count());
      if (problem != null) {
        failures.add(home + ": the hour from " + local(hour.start()) + " (" + hour.call() + ") " + problem);
      }
    }
    byHour.forEach((start, warnings) -> failures.add(home + ": " + warnings.size() + " warning(s) of the hour from "
        + local(start) + ", in which no reading went out"));
    hourRows.add(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d |", home.substring(0, 8), must, may,
        distinct.delivered(), distinct.held(), distinct.givenUp(), distinct.repeated()));
  }

  private static Instant dueBy(SoakHours.Hour hour, List<SoakOracle.Blur> journalWaits) {
    Instant due = hour.dueBy();
    if (due == null) {
      return null;
    }
    for (SoakOracle.Blur wait : journalWaits.stream().sorted(java.util.Comparator.comparing(SoakOracle.Blur::from))
        .toList()) {
      if (wait.to().isAfter(hour.start()) && wait.from().isBefore(due)) {
        due = due.plus(Duration.between(wait.from(), wait.to()));
      }
    }
    return due;
  }

  private static String hourProblem(SoakHours.Hour hour, Instant dueBy, List<PushReceiver.Notice> warnings,
      long remakes) {
    if (warnings.size() > 1 + remakes) {
      return "brought " + warnings.size() + " warnings, made at " + warnings.stream().map(n -> local(n.at())).toList();
    }
    if (warnings.isEmpty()) {
      return hour.call() == SoakHours.Call.MUST ? "brought no warning, due by " + local(dueBy) : null;
    }
    Instant made = warnings.get(0).at();
    if (hour.call() == SoakHours.Call.NONE || made.isBefore(hour.earliest())) {
      return "was warned of at " + local(made) + ", before it came near its limit"
          + (hour.earliest() == null ? " (it never did)" : " (from " + local(hour.earliest()) + ")");
    }
    if (hour.call() == SoakHours.Call.MUST && made.isAfter(dueBy)) {
      return "was warned of at " + local(made) + ", later than due (" + local(dueBy) + ")";
    }
    return null;
  }

  /**
   * Each kind of fault: how often it came and, for the feed's and the restarts, how long after it
   * ended the next reading went out (real time). A fault that ended too close to the end of the run
   * to tell, or whose next fault began before the feed was back, is not judged on its own.
   */
  void judgeFaults(List<SoakFaults.Applied> applied, SoakTimeline time, List<Instant> readingTimes, Instant runEnd,
      List<SoakWatch.Sample> watched) {
    Map<SoakPlan.FaultKind, List<Duration>> readyAgain = new java.util.EnumMap<>(SoakPlan.FaultKind.class);
    Map<SoakPlan.FaultKind, List<Duration>> recoveries = new java.util.EnumMap<>(SoakPlan.FaultKind.class);
    Map<SoakPlan.FaultKind, Integer> counts = new java.util.EnumMap<>(SoakPlan.FaultKind.class);
    Map<SoakPlan.FaultKind, Integer> overlapped = new java.util.EnumMap<>(SoakPlan.FaultKind.class);
    for (int i = 0; i < applied.size(); i++) {
      SoakFaults.Applied fault = applied.get(i);
      counts.merge(fault.kind(), 1, Integer::sum);
      if (!fault.kind().onFeed() && !fault.kind().restarts()) {
        continue;
      }
      Instant ended = time.simulated(fault.ended());
      Optional<Instant> next = SoakTimeline.firstAfter(ended, readingTimes);
      Optional<Instant> nextFault = i + 1 < applied.size() ? Optional.of(applied.get(i + 1).began()) : Optional.empty();
      if (nextFault.isPresent() && (next.isEmpty() || time.simulated(nextFault.get()).isBefore(next.get()))) {
        overlapped.merge(fault.kind(), 1, Integer::sum);
        continue;
      }
      if (next.isEmpty()) {
        if (Duration.between(fault.ended(), runEnd).compareTo(FEED_BACK_WITHIN) > 0) {
          failures.add(fault.kind() + " that ended at " + local(ended) + ": no reading went out after it");
        }
        continue;
      }
      Duration back = time.real(Duration.between(ended, next.get()));
      recoveries.computeIfAbsent(fault.kind(), k -> new ArrayList<>()).add(back);
      readyAgain(fault, nextFault, watched).ifPresent(ready -> {
        readyAgain.computeIfAbsent(fault.kind(), k -> new ArrayList<>()).add(ready);
        if (ready.compareTo(FEED_BACK_WITHIN) > 0) {
          failures.add(fault.kind() + " that ended at " + local(ended) + ": /ready said 200 again only after "
              + ready.toMillis() + " ms");
        }
      });
      if (back.compareTo(FEED_BACK_WITHIN) > 0) {
        failures.add(fault.kind() + " that ended at " + local(ended) + ": the feed took " + back.toMillis()
            + " ms to carry readings again");
      }
    }
    counts.forEach((kind, count) -> {
      List<Duration> back = recoveries.getOrDefault(kind, List.of()).stream().sorted().toList();
      List<Duration> ready = readyAgain.getOrDefault(kind, List.of()).stream().sorted().toList();
      faultRows.add(String.format(Locale.ROOT, "| %s | %d | %s | %s | %d |", kind, count, percentiles(back),
          percentiles(ready), overlapped.getOrDefault(kind, 0)));
    });
  }

  private static String percentiles(List<Duration> sorted) {
    return sorted.isEmpty() ? "-" : String.format(Locale.ROOT, "%,d / %,d ms", sorted.get(sorted.size() / 2).toMillis(),
        sorted.get(sorted.size() - 1).toMillis());
  }

  /**
   * How long after a fault ended /ready first said 200 (real time); none when the next fault began
   * first or no look was taken.
   */
  private static Optional<Duration> readyAgain(SoakFaults.Applied fault, Optional<Instant> nextFault,
      List<SoakWatch.Sample> watched) {
    return watched.stream().filter(s -> !s.real().isBefore(fault.ended()) && s.ready() == 200).findFirst()
        .filter(s -> nextFault.isEmpty() || s.real().isBefore(nextFault.get()))
        .map(s -> Duration.between(fault.ended(), s.real()));
  }

  /**
   * /health answers 200 whenever the daemon runs; memory does not keep growing: the old generation
   * after a collection, and RSS, in the last quarter of the run against the second (the first is
   * the warm-up).
   */
  void judgeWatch(List<SoakWatch.Sample> watched) {
    List<SoakWatch.Sample> unhealthy = watched.stream().filter(s -> s.health() != 200).toList();
    unhealthy.stream().limit(5).forEach(s -> failures.add("/health answered " + (s.health() < 0 ? "nothing within 2 s"
        : String.valueOf(s.health())) + " at " + s.real() + " while the daemon ran"));
    if (unhealthy.size() > 5) {
      failures.add("/health failed " + (unhealthy.size() - 5) + " more time(s)");
    }
    List<List<SoakWatch.Sample>> quarters = new ArrayList<>();
    for (int q = 0; q < 4; q++) {
      quarters.add(watched.subList(watched.size() * q / 4, watched.size() * (q + 1) / 4));
    }
    for (int q = 0; q < 4; q++) {
      List<SoakWatch.Sample> quarter = quarters.get(q);
      memoryRows.add(String.format(Locale.ROOT, "| %d | %,d | %,d / %,d kB | %,d kB | %,d kB |", q + 1, quarter.size(),
          median(quarter, SoakWatch.Sample::rssKb), max(quarter, SoakWatch.Sample::rssKb),
          max(quarter, s -> s.heapBytes() / 1024), median(quarter, s -> s.oldAfterGcBytes() / 1024)));
    }
    grows("the old generation after a collection", median(quarters.get(1), s -> s.oldAfterGcBytes() / 1024),
        median(quarters.get(3), s -> s.oldAfterGcBytes() / 1024), 1.5, 4_096);
    grows("RSS", median(quarters.get(1), SoakWatch.Sample::rssKb), median(quarters.get(3), SoakWatch.Sample::rssKb),
        1.25, 16_384);
  }

  private void grows(String what, long secondQuarterKb, long lastQuarterKb, double factor, long slackKb) {
    if (secondQuarterKb > 0 && lastQuarterKb > secondQuarterKb * factor + slackKb) {
      failures.add(what + " kept growing: median " + String.format(Locale.ROOT, "%,d", secondQuarterKb)
          + " kB in the second quarter of the run, " + String.format(Locale.ROOT, "%,d", lastQuarterKb)
          + " kB in the last");
    }
  }

  private static long median(List<SoakWatch.Sample> samples, java.util.function.ToLongFunction<SoakWatch.Sample> kb) {
    long[] read = samples.stream().mapToLong(kb).filter(v -> v > 0).sorted().toArray();
    return read.length == 0 ? -1 : read[read.length / 2];
  }

  private static long max(List<SoakWatch.Sample> samples, java.util.function.ToLongFunction<SoakWatch.Sample> kb) {
    return samples.stream().mapToLong(kb).max().orElse(-1);
  }

  /** Where the daemon's wall clock, on which it keeps quiet hours, was stepped. */
  void wallSteps(WallSteps steps) {
    wallSteps = steps;
  }

  /**
   * Whether the daemon's clock read quiet hours a lag either side of {@code run} too: a notice sent
   * just before they began may arrive just after, and the harness knows a step's ends only within
   * some simulated seconds of when the daemon's clock moved.
   */
  private boolean quietAround(Instant run, Duration lag) {
    return quietOnTheDaemon(run.minus(lag)) && quietOnTheDaemon(run) && quietOnTheDaemon(run.plus(lag));
  }

  private boolean quietOnTheDaemon(Instant run) {
    return SoakPlan.quiet(wallSteps.onDaemon(run));
  }

  void unrecorded(List<SoakOracle.Blur> stretches) {
    unrecorded = List.copyOf(stretches);
  }

  private boolean madeUnrecorded(PushReceiver.Notice n) {
    return unrecorded.stream().anyMatch(u -> u.covers(n.at(), Duration.ZERO));
  }

  void notPlayed(String faults, String why) {
    notPlayed.add(faults + " not played: " + why);
  }

  void killsAtANotice(int count) {
    killsAtANotice = count;
  }

  /**
   * The episode a notice belongs to: the one it fired or repeated in, or the last one it resolved.
   * A blurred episode may have its firing notice up to {@code for} early.
   */
  private static int episodeOf(PushReceiver.Notice n, List<Expected> expected, Duration lag) {
    for (int i = expected.size() - 1; i >= 0; i--) {
      Episode e = expected.get(i).episode();
      Duration early = expected.get(i).blurred() ? SoakPlan.FOR.plus(SoakPlan.STEP.multipliedBy(2))
          : CLOCK_SLACK;
      if (n.kind() == Kind.RESOLVED) {
        if (e.resolvedAt() != null && !n.at().isBefore(e.resolvedAt().minus(CLOCK_SLACK))) {
          return i;
        }
      } else if (!n.at().isBefore(e.firedAt().minus(early))) {
        Instant lastEnd = expected.get(i).blurred() ? e.resolvedBy() : e.resolvedAt();
        return lastEnd == null || !n.at().isAfter(lastEnd.plus(lag)) ? i : -1;
      }
    }
    return -1;
  }

  private static String local(Instant at) {
    return at.atZone(SoakPlan.ZONE).toLocalDateTime().toString();
  }

  public String table() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "seed %d, %d simulated days at %.0f times real time, %d homes on %s%n",
        plan.seed(), plan.length().toDays(), plan.speed(), plan.homes(),
        accounts == 1 ? "one token (one process)" : accounts + " tokens (a one-node cluster)"));
    out.append("| home | readings sent | alerts | silences | notices expected | delivered | still queued at the end "
        + "| given up | repeated |\n");
    out.append("|---|---|---|---|---|---|---|---|---|\n");
    rows.forEach(row -> out.append(row).append('\n'));
    out.append("\n| home | hours that must be warned of | hours that may | warnings delivered | still queued at the end "
        + "| given up | repeated |\n|---|---|---|---|---|---|---|\n");
    hourRows.forEach(row -> out.append(row).append('\n'));
    out.append("\n| fault | times | feed back after, p50 / max | /ready 200 again after, p50 / max "
        + "| next fault came first |\n|---|---|---|---|---|\n");
    faultRows.forEach(row -> out.append(row).append('\n'));
    out.append("\n| quarter of the run | looks | RSS median / max | heap max | old generation after GC, median |\n"
        + "|---|---|---|---|---|\n");
    memoryRows.forEach(row -> out.append(row).append('\n'));
    notPlayed.forEach(line -> out.append('\n').append(line).append('\n'));
    out.append(String.format(Locale.ROOT, "%nKILL_AT_NOTICE found a notice just made %d time(s)%n",
        killsAtANotice));
    out.append(String.format(Locale.ROOT, "daemon peak RSS %,d kB; %d failure(s)%n", peakRssKb, failures.size()));
    return out.toString();
  }
}
