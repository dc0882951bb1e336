package dev.powerwatch.soak;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Which hours the soak's hour rule must warn of, may warn of, or must not, computed apart from the
 * daemon's own interval code: the energy so far is the scripted profile's (a meter counts all the
 * time, also while no socket carries its readings), the average power that of the readings sent in
 * the last {@link SoakPlan#HOUR_WINDOW}, each for the time since the one before it.
 *
 * <p>An hour must be warned of when, at a reading the daemon surely saw, the estimate passes the
 * limit and the cut is positive, each by a clear margin: by {@code lag} after that reading at the
 * latest. It may be when either comes near, or when a blur (the socket cut, the daemon restarted)
 * fell in it and an estimate from the highest power of the last minutes comes near, or a silence
 * held its warning back. Any other hour must bring none, and no hour more than one.
 */
public final class SoakHours {
  /** How near the limit and a zero cut the daemon's figures may come where the oracle's do not. */
  static final double MARGIN_KWH = 0.3;
  static final double MARGIN_KW = 0.3;
  private static final Duration MINIMUM_TIME_TO_ACT = Duration.ofMinutes(3);

  /** A home's scripted watts, one value per {@code step} from {@code from}. */
  public record Profile(Instant from, Duration step, List<Double> watts) {
    double kWhBetween(Instant start, Instant end) {
      double wattSeconds = 0;
      long first = Math.max(0, Duration.between(from, start).toNanos() / step.toNanos());
      long last = Math.min(watts.size() - 1, Duration.between(from, end).toNanos() / step.toNanos());
      for (int i = (int) first; i <= last; i++) {
        Instant slotStart = from.plus(step.multipliedBy(i));
        Instant slotEnd = slotStart.plus(step);
        Instant a = slotStart.isAfter(start) ? slotStart : start;
        Instant b = slotEnd.isBefore(end) ? slotEnd : end;
        if (b.isAfter(a)) {
          wattSeconds += watts.get(i) * Duration.between(a, b).toMillis() / 1000.0;
        }
      }
      return wattSeconds / 3_600_000.0;
    }
  }

  public enum Call { MUST, MAY, NONE }

  /**
   * One hour's call: a warning is made from {@code earliest} on; a must-hour's warning by
   * {@code dueBy} (null for the others).
   */
  public record Hour(Instant start, Call call, Instant earliest, Instant dueBy) {
    Instant end() {
      return start.plus(Duration.ofHours(1));
    }
  }

  private final Duration lag;

  public SoakHours(Duration lag) {
    this.lag = lag;
  }

  /** Every hour in which a reading went out (of {@code sent}), up to {@code end}, with its call. */
  public List<Hour> hours(Profile profile, List<SoakOracle.Reading> sent, List<SoakOracle.Blur> blurs,
      List<SoakOracle.Silence> silences, Instant end) {
    List<Hour> hours = new ArrayList<>();
    Instant hour = null;
    Instant earliest = null;
    Instant due = null;
    boolean held = false;
    for (int i = 0; i < sent.size(); i++) {
      SoakOracle.Reading m = sent.get(i);
      Instant start = m.at().atZone(SoakPlan.ZONE).truncatedTo(ChronoUnit.HOURS).toInstant();
      if (!start.equals(hour)) {
        if (hour != null) {
          hours.add(call(hour, earliest, due, held, end));
        }
        hour = start;
        earliest = null;
        due = null;
        held = false;
      }
      if (Duration.between(start, m.at()).compareTo(SoakPlan.HOUR_NOT_BEFORE) < 0) {
        continue;
      }
      double energyKWh = profile.kWhBetween(start, m.at());
      boolean blurred = blurs.stream().anyMatch(b -> b.covers(m.at(), Duration.ZERO));
      Duration left = Duration.between(m.at(), start.plus(Duration.ofHours(1)));
      double average = blurred ? highestPower(sent, i) : averagePower(sent, i);
      double energy = blurred ? energyKWh + kWh(average, Duration.ofMinutes(5)) : energyKWh;
      if (near(energy, average, m.watts(), left)) {
        earliest = earliest == null ? m.at() : earliest;
        held |= silences.stream().anyMatch(s -> s.endsBy().isAfter(m.at()) && s.from().isBefore(m.at().plus(left)));
      }
      if (due == null && !blurred && clear(energyKWh, average, m.watts(), left)) {
        due = m.at().plus(lag);
      }
    }
    if (hour != null) {
      hours.add(call(hour, earliest, due, held, end));
    }
    return hours;
  }

  private Hour call(Instant start, Instant earliest, Instant due, boolean held, Instant end) {
    if (earliest == null) {
      return new Hour(start, Call.NONE, null, null);
    }
    boolean must = due != null && !held && due.isBefore(end.minus(lag));
    return new Hour(start, must ? Call.MUST : Call.MAY, earliest.minus(lag), must ? due : null);
  }

  /** Estimate and cut over the limit by the margins. */
  private static boolean clear(double energyKWh, double averageW, double lastW, Duration left) {
    return estimate(energyKWh, averageW, left) > SoakPlan.HOUR_LIMIT_KWH + MARGIN_KWH
        && cut(energyKWh, lastW, left) > MARGIN_KW;
  }

  /** Estimate and cut within the margins of the limit, or over it. */
  private static boolean near(double energyKWh, double averageW, double lastW, Duration left) {
    return estimate(energyKWh, averageW, left) > SoakPlan.HOUR_LIMIT_KWH - MARGIN_KWH
        && cut(energyKWh, Math.max(lastW, averageW), left) > -MARGIN_KW;
  }

  private static double estimate(double energyKWh, double averageW, Duration left) {
    return energyKWh + kWh(averageW, left);
  }

  private static double cut(double energyKWh, double lastW, Duration left) {
    Duration toAct = left.compareTo(MINIMUM_TIME_TO_ACT) < 0 ? MINIMUM_TIME_TO_ACT : left;
    return lastW / 1000 - (SoakPlan.HOUR_LIMIT_KWH - energyKWh) / hours(toAct);
  }

  /** The sent readings' power over the window, each for the time since the one before it. */
  private static double averagePower(List<SoakOracle.Reading> sent, int at) {
    Instant from = sent.get(at).at().minus(SoakPlan.HOUR_WINDOW);
    double wattSeconds = 0;
    for (int i = at; i >= 0 && sent.get(i).at().isAfter(from); i--) {
      Instant before = i == 0 || sent.get(i - 1).at().isBefore(from) ? from : sent.get(i - 1).at();
      wattSeconds += sent.get(i).watts() * Duration.between(before, sent.get(i).at()).toMillis() / 1000.0;
    }
    return wattSeconds / (SoakPlan.HOUR_WINDOW.toMillis() / 1000.0);
  }

  /** The highest power sent in the window: what a daemon that saw only some of it may have averaged. */
  private static double highestPower(List<SoakOracle.Reading> sent, int at) {
    Instant from = sent.get(at).at().minus(SoakPlan.HOUR_WINDOW).minus(SoakPlan.STEP);
    double highest = 0;
    for (int i = at; i >= 0 && sent.get(i).at().isAfter(from); i--) {
      highest = Math.max(highest, sent.get(i).watts());
    }
    return highest;
  }

  private static double kWh(double watts, Duration duration) {
    return watts / 1000 * hours(duration);
  }

  private static double hours(Duration duration) {
    return duration.toMillis() / 3_600_000.0;
  }
}
