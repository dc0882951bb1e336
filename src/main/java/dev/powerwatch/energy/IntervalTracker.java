package dev.powerwatch.energy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Energy in a home's running interval and its estimate, fed one {@link Reading} at a time in
 * arrival order. Pure and single-threaded: time comes only from the readings' timestamps, read in
 * the home's {@link HomeTime}.
 *
 * <p><b>Energy so far (E)</b> comes from differences of {@code accumulatedConsumption} between
 * consecutive readings. A difference is spread evenly over the time between the two readings, so
 * a stretch that crosses an interval's start is split between the two intervals by time. The
 * counter restarts at local midnight: a reading of a new day counts from its own value (the
 * stretch before midnight is then its power times the time). Readings close to midnight that show
 * no drop are taken as a counter that has not been reset yet; when it drops later the same day,
 * only what exceeds the energy already counted since midnight is added. A repeated value adds
 * nothing (the next change catches up); a value that falls at any other time is a correction or a
 * glitch: that stretch is estimated from power and the counter is followed from its new value
 * ({@link Doubt#COUNTER_WENT_BACK}).
 *
 * <p><b>The start of an interval</b>: when there is an earlier reading, the stretch from it is
 * split by time as above; when that stretch is a gap and the hour is some minutes old, Tibber's
 * own count of the hour so far ({@code accumulatedConsumptionLastHour}) replaces the even split,
 * which would be a guess. When there is none (the first reading the tracker sees), the energy
 * from the interval's start to that reading is its power times that time; longer than the gap
 * allowed between readings, that is a guess ({@link Doubt#NO_EARLIER_READING}).
 *
 * <p><b>Power</b>: each reading's power stands for the time since the reading before it, so the
 * newest reading counts at once. P̄ is the time-weighted average over {@link Settings#window()}
 * (default 5 minutes), "power over the last minute" the same over one minute; both reach back
 * only as far as there are readings, across interval boundaries.
 *
 * <p><b>Confidence</b> drops, with its reasons in {@link IntervalProgress#doubts()}, when readings
 * inside the interval are more than {@link Settings#gap()} apart (default 60 s), when a reading
 * older than the last arrives (it is ignored and counted in {@link #outOfOrder()}), when the
 * interval started without an earlier reading, or when the counter went back. A reading with the
 * same timestamp as the last is a duplicate and is ignored quietly.
 *
 * <p><b>Finished intervals</b>: the first reading of a later interval closes the running one; its
 * {@link IntervalEnergy} is returned once, in that reading's {@link Result}. Intervals that lie
 * wholly inside a gap between two readings are not reported: the meter said nothing about them.
 */
public final class IntervalTracker {
  private static final Duration LAST_MINUTE = Duration.ofMinutes(1);

  /** How far P̄ reaches back, and how far apart readings may be before confidence drops. */
  public record Settings(Duration window, Duration gap) {
    public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(5), Duration.ofSeconds(60));

    public Settings {
      if (window.isNegative() || window.isZero() || gap.isNegative() || gap.isZero()) {
        throw new IllegalArgumentException("window and gap must be positive: " + window + ", " + gap);
      }
    }
  }

  /**
   * What one reading did: the interval it closed (at most once per interval), the running
   * interval after it, and whether the reading was ignored (out of order or a duplicate).
   */
  public record Result(Optional<IntervalEnergy> finished, IntervalProgress progress, boolean ignored) {}

  private final HomeTime time;
  /** Tibber's accumulatedConsumptionLastHour may lag the hour's turn by a reading or two. */
  static final Duration TRUST_HOUR_COUNT_AFTER = Duration.ofMinutes(5);

  private final Settings settings;
  private final PowerWindow powers;
  private Reading last;
  private Interval interval;
  private double energyKWh;
  private EnumSet<Doubt> doubts = EnumSet.noneOf(Doubt.class);
  private double countedSinceMidnight;
  private boolean awaitingReset;
  private long outOfOrder;

  public IntervalTracker(HomeTime time) {
    this(time, Settings.DEFAULTS);
  }

  public IntervalTracker(HomeTime time, Settings settings) {
    this.time = time;
    this.settings = settings;
    this.powers = new PowerWindow(settings.window().compareTo(LAST_MINUTE) > 0 ? settings.window() : LAST_MINUTE);
  }

  public Result accept(Reading reading) {
    if (last == null) {
      return first(reading);
    }
    if (!reading.at().isAfter(last.at())) {
      return ignore(reading);
    }
    Stretch stretch = stretch(last, reading);
    powers.add(last.at(), reading);
    Optional<IntervalEnergy> finished = Optional.empty();
    boolean newInterval = !interval.contains(reading.at());
    if (newInterval) {
      finished = Optional.of(finish(stretch));
      interval = time.intervalOf(reading.at());
      energyKWh = 0;
      doubts = EnumSet.noneOf(Doubt.class);
    }
    count(stretch);
    if (newInterval && stretch.doubts().contains(Doubt.GAP)
        && tibberMeasuredTheLeadIn(reading, Duration.between(interval.start(), reading.at()))) {
      energyKWh = reading.hourSoFarKWh();
    }
    last = reading;
    return new Result(finished, progress(), false);
  }

  /** The running interval as of the latest reading; empty before the first. */
  public Optional<IntervalProgress> current() {
    return last == null ? Optional.empty() : Optional.of(progress());
  }

  /** Readings ignored because they were older than the one before them. */
  public long outOfOrder() {
    return outOfOrder;
  }

  private Result first(Reading reading) {
    interval = time.intervalOf(reading.at());
    Duration leadIn = Duration.between(interval.start(), reading.at());
    if (tibberMeasuredTheLeadIn(reading, leadIn)) {
      energyKWh = reading.hourSoFarKWh();
    } else {
      energyKWh = kWhAt(reading.powerW(), leadIn);
      if (leadIn.compareTo(settings.gap()) > 0) {
        doubts.add(Doubt.NO_EARLIER_READING);
      }
    }
    countedSinceMidnight = reading.accumulatedKWh();
    powers.add(reading.at(), reading);
    last = reading;
    return new Result(Optional.empty(), progress(), false);
  }

  /**
   * Starting in the middle of an hour (a restart, or after a gap), Tibber's own count of the hour
   * so far beats power times time; in the hour's first minutes that count may still be the last hour's.
   */
  private boolean tibberMeasuredTheLeadIn(Reading reading, Duration leadIn) {
    Double counted = reading.hourSoFarKWh();
    return time.interval().equals(HomeTime.HOUR) && counted != null && Double.isFinite(counted) && counted >= 0
        && leadIn.compareTo(TRUST_HOUR_COUNT_AFTER) >= 0;
  }

  private Result ignore(Reading reading) {
    if (reading.at().isBefore(last.at())) {
      outOfOrder++;
      doubts.add(Doubt.OUT_OF_ORDER);
    }
    return new Result(Optional.empty(), progress(), true);
  }

  private IntervalEnergy finish(Stretch stretch) {
    EnumSet<Doubt> finalDoubts = EnumSet.copyOf(doubts);
    finalDoubts.addAll(stretch.doubtsFor(interval));
    return new IntervalEnergy(interval.start(), interval.end(), energyKWh + stretch.shareOf(interval), finalDoubts);
  }

  private void count(Stretch stretch) {
    energyKWh += stretch.shareOf(interval);
    doubts.addAll(stretch.doubtsFor(interval));
  }

  private IntervalProgress progress() {
    return new IntervalProgress(interval, last.at(), energyKWh,
        powers.averageW(last.at(), settings.window()), powers.averageW(last.at(), LAST_MINUTE), doubts);
  }

  /** The energy between two readings, as pieces spread over time, and what makes it doubtful. */
  private Stretch stretch(Reading from, Reading to) {
    EnumSet<Doubt> found = EnumSet.noneOf(Doubt.class);
    if (Duration.between(from.at(), to.at()).compareTo(settings.gap()) > 0) {
      found.add(Doubt.GAP);
    }
    LocalDate day = time.dayOf(to.at());
    return day.equals(time.dayOf(from.at())) ? sameDay(from, to, found) : newDay(from, to, day, found);
  }

  private Stretch sameDay(Reading from, Reading to, EnumSet<Doubt> found) {
    double delta = to.accumulatedKWh() - from.accumulatedKWh();
    double kWh;
    if (delta >= 0) {
      kWh = delta;
    } else if (awaitingReset) {
      awaitingReset = false;
      kWh = Math.max(0, to.accumulatedKWh() - countedSinceMidnight);
    } else {
      found.add(Doubt.COUNTER_WENT_BACK);
      kWh = kWhAt(to.powerW(), Duration.between(from.at(), to.at()));
    }
    countedSinceMidnight += kWh;
    return new Stretch(List.of(new Piece(from.at(), to.at(), kWh)), found);
  }

  private Stretch newDay(Reading from, Reading to, LocalDate day, EnumSet<Doubt> found) {
    Instant midnight = time.startOf(day);
    double delta = to.accumulatedKWh() - from.accumulatedKWh();
    if (delta >= 0 && !found.contains(Doubt.GAP)) {
      // Shortly after midnight and no drop: Tibber has not reset the counter yet.
      awaitingReset = true;
      Piece piece = new Piece(from.at(), to.at(), delta);
      countedSinceMidnight = piece.shareAfter(midnight);
      return new Stretch(List.of(piece), found);
    }
    awaitingReset = false;
    countedSinceMidnight = to.accumulatedKWh();
    return new Stretch(List.of(
        new Piece(from.at(), midnight, kWhAt(to.powerW(), Duration.between(from.at(), midnight))),
        new Piece(midnight, to.at(), to.accumulatedKWh())), found);
  }

  private static double kWhAt(double powerW, Duration duration) {
    return powerW / 1000 * IntervalProgress.hours(duration);
  }

  /** Energy spread evenly over {@code (from, to]}. */
  private record Piece(Instant from, Instant to, double kWh) {
    double shareOf(Interval interval) {
      if (from.equals(to)) {
        return interval.contains(to) ? kWh : 0;
      }
      Instant start = from.isAfter(interval.start()) ? from : interval.start();
      Instant end = to.isBefore(interval.end()) ? to : interval.end();
      return end.isAfter(start) ? kWh * nanos(start, end) / nanos(from, to) : 0;
    }

    double shareAfter(Instant instant) {
      return instant.isAfter(from) ? kWh * nanos(instant, to) / nanos(from, to) : kWh;
    }

    private static double nanos(Instant a, Instant b) {
      return Duration.between(a, b).toNanos();
    }
  }

  private record Stretch(List<Piece> pieces, Set<Doubt> doubts) {
    double shareOf(Interval interval) {
      return pieces.stream().mapToDouble(p -> p.shareOf(interval)).sum();
    }

    /** A stretch's doubts belong to every interval it overlaps. */
    Set<Doubt> doubtsFor(Interval interval) {
      Instant from = pieces.get(0).from();
      Instant to = pieces.get(pieces.size() - 1).to();
      return from.isBefore(interval.end()) && to.isAfter(interval.start()) ? doubts : Set.of();
    }
  }
}
