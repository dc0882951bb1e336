package dev.powerwatch.energy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * A home's clock for energy arithmetic: its time zone and its metering interval (60 or 15
 * minutes). Every question is asked of an {@link Instant} taken from the meter's own timestamps,
 * never of the daemon's clock.
 *
 * <p>Intervals are aligned to the local wall clock (13:00-14:00, or 13:15-13:30 local) and follow
 * daylight saving time: on 2026-03-29 in Europe/Oslo the day has 23 hourly intervals (02:00-03:00
 * does not exist); on 2026-10-25 it has 25, and the two hours labelled 02:00 are distinct
 * intervals with distinct start instants. Where a zone's clock jumps by less than an interval
 * (Australia/Lord_Howe's half hour), the interval around the jump is cut at the jump.
 *
 * <p>{@link #averageKw} turns an interval's energy into kW with the nominal length (kWh per hour
 * for 60 minutes, kWh × 4 for 15 minutes), as grid companies bill it.
 */
public record HomeTime(ZoneId zone, Duration interval) {
  public static final Duration HOUR = Duration.ofMinutes(60);
  public static final Duration QUARTER_HOUR = Duration.ofMinutes(15);

  public HomeTime {
    if (!interval.equals(HOUR) && !interval.equals(QUARTER_HOUR)) {
      throw new IllegalArgumentException("the metering interval is 60 or 15 minutes, not " + interval);
    }
  }

  public static HomeTime hourly(ZoneId zone) {
    return new HomeTime(zone, HOUR);
  }

  public static HomeTime quarterHourly(ZoneId zone) {
    return new HomeTime(zone, QUARTER_HOUR);
  }

  /** The interval {@code at} belongs to (start inclusive, end exclusive). */
  public Interval intervalOf(Instant at) {
    ZoneRules rules = zone.getRules();
    ZoneOffset offset = rules.getOffset(at);
    LocalDateTime floor = floor(LocalDateTime.ofInstant(at, zone));
    Instant start = floor.toInstant(offset);
    Instant end = floor.plus(interval).toInstant(offset);
    // Computing with the offset in force at `at` keeps the two 02:00 hours of a fall-back night
    // apart; a jump inside the interval cuts it.
    ZoneOffsetTransition before = rules.previousTransition(at.plusNanos(1));
    if (before != null && before.getInstant().isAfter(start)) {
      start = before.getInstant();
    }
    ZoneOffsetTransition after = rules.nextTransition(at);
    if (after != null && after.getInstant().isBefore(end)) {
      end = after.getInstant();
    }
    return new Interval(start, end);
  }

  /** The local day {@code at} belongs to. */
  public LocalDate dayOf(Instant at) {
    return LocalDate.ofInstant(at, zone);
  }

  /** The local month {@code at} belongs to. */
  public YearMonth monthOf(Instant at) {
    return YearMonth.from(local(at));
  }

  public ZonedDateTime local(Instant at) {
    return at.atZone(zone);
  }

  /** The instant a local day begins (not always 00:00 where a zone skips midnight). */
  public Instant startOf(LocalDate day) {
    return day.atStartOfDay(zone).toInstant();
  }

  /** The day's length on the meter's time line: 24 hours, 23 or 25 on the days the clock changes. */
  public Duration lengthOf(LocalDate day) {
    return Duration.between(startOf(day), startOf(day.plusDays(1)));
  }

  /** Every interval of a local day, in order. */
  public List<Interval> intervalsOf(LocalDate day) {
    Instant end = startOf(day.plusDays(1));
    List<Interval> intervals = new ArrayList<>();
    for (Instant at = startOf(day); at.isBefore(end); ) {
      Interval next = intervalOf(at);
      intervals.add(next);
      at = next.end();
    }
    return intervals;
  }

  /** The average power in kW of an interval that used {@code kWh}, over the nominal interval. */
  public double averageKw(double kWh) {
    return kWh * (60.0 / interval.toMinutes());
  }

  /** The energy in kWh an interval uses at an average of {@code kw}: the inverse of {@link #averageKw}. */
  public double energyAt(double kw) {
    return kw * (interval.toMinutes() / 60.0);
  }

  private LocalDateTime floor(LocalDateTime local) {
    long minutes = interval.toMinutes();
    LocalTime time = local.toLocalTime();
    int minuteOfDay = time.getHour() * 60 + time.getMinute();
    int floored = (int) (minuteOfDay / minutes * minutes);
    return local.toLocalDate().atTime(LocalTime.of(floored / 60, floored % 60));
  }
}
