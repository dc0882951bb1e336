package dev.powerwatch.soak;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What each home's channel must receive, computed from the readings the simulator actually sent,
 * apart from the daemon's own rule and debounce code. An alert fires once the power has been at or
 * above the threshold for {@code for} (by the readings' timestamps) and resolves below the clear
 * level; one notice when it fires, a repeat after each cooldown while it fires, a resolved notice
 * after a notified firing; quiet hours hold notices until they end, and a new firing drops a held
 * resolved notice.
 *
 * <p>The daemon decides a little after a reading arrives, and the run ends at a moment that cuts
 * through its decisions. The oracle plays the notices deciding at once and {@code lag} later, each
 * with the run ending {@code lag} before and after {@code end}, and allows any count between them.
 */
public final class SoakOracle {
  public enum Kind { FIRING, REPEAT, RESOLVED }

  /** A reading as sent on the feed. */
  public record Reading(Instant at, double watts) {}

  /**
   * A stretch in which the alert fires; {@code resolvedAt} is null when it still fired at the end.
   * {@code resolvedBy} is the latest a daemon that missed the resolving reading may have taken it to
   * end (null: the end of the run).
   */
  public record Episode(Instant firedAt, Instant resolvedAt, Instant resolvedBy) {
    public Episode(Instant firedAt, Instant resolvedAt) {
      this(firedAt, resolvedAt, resolvedAt);
    }

    /** How much longer than the readings say it may have fired, for a daemon that missed its end. */
    Duration stretch(Instant end) {
      return resolvedAt == null ? Duration.ZERO : Duration.between(resolvedAt, resolvedBy == null ? end : resolvedBy);
    }
  }

  /**
   * How many notices of each kind an episode must and may bring; a blurred one's start is not
   * known to the daemon as it is to the oracle (a restarted daemon that missed the alert clear
   * takes its first high reading for the old alert, up to {@code for} before this one fires).
   */
  public record Expected(Episode episode, int[] least, int[] most, boolean blurred) {}

  /**
   * A stretch in which readings the simulator sent may not have reached the daemon (the socket cut
   * under them): an alert that starts or ends in it may start or end a reading later, or not at all.
   */
  public record Blur(Instant from, Instant to) {
    boolean covers(Instant at, Duration margin) {
      return at != null && !at.isBefore(from.minus(margin)) && !at.isAfter(to.plus(margin));
    }
  }

  private final Duration lag;
  private final Duration tick;
  private final WallSteps wallSteps;

  public SoakOracle(Duration lag, Duration tick) {
    this(lag, tick, WallSteps.NONE);
  }

  /** @param wallSteps where the daemon's wall clock, on which it keeps quiet hours, was stepped */
  SoakOracle(Duration lag, Duration tick, WallSteps wallSteps) {
    this.lag = lag;
    this.tick = tick;
    this.wallSteps = wallSteps;
  }

  public static List<Episode> episodes(List<Reading> readings) {
    List<Episode> episodes = new ArrayList<>();
    Instant pendingSince = null;
    Instant firedAt = null;
    for (Reading r : readings) {
      boolean active = firedAt != null ? r.watts() >= SoakPlan.CLEAR : r.watts() >= SoakPlan.ABOVE;
      if (firedAt != null) {
        if (!active) {
          episodes.add(new Episode(firedAt, r.at()));
          firedAt = null;
        }
      } else if (!active) {
        pendingSince = null;
      } else {
        pendingSince = pendingSince == null ? r.at() : pendingSince;
        if (!Duration.between(pendingSince, r.at()).minus(SoakPlan.FOR).isNegative()) {
          firedAt = r.at();
          pendingSince = null;
        }
      }
    }
    if (firedAt != null) {
      episodes.add(new Episode(firedAt, null));
    }
    return episodes;
  }

  /**
   * The episodes as a daemon may have seen them: one whose resolving reading came in a blur may not
   * have reached it, and a daemon whose alert fires keeps it through readings between the clear
   * level and the threshold, to the first reading below the clear level after the blur.
   */
  public List<Episode> stretched(List<Episode> episodes, List<Reading> readings, List<Blur> blurs) {
    List<Episode> stretched = new ArrayList<>();
    for (Episode e : episodes) {
      Optional<Instant> blurEnd = blurs.stream().filter(b -> b.covers(e.resolvedAt(), lag)).map(Blur::to)
          .max(Instant::compareTo);
      stretched.add(blurEnd.map(after -> new Episode(e.firedAt(), e.resolvedAt(), firstBelowClear(readings, after)))
          .orElse(e));
    }
    return stretched;
  }

  /** The first reading below the clear level after {@code after} (and the lag), or null when none came. */
  private Instant firstBelowClear(List<Reading> readings, Instant after) {
    return readings.stream().filter(r -> r.at().isAfter(after.plus(lag)) && r.watts() < SoakPlan.CLEAR)
        .map(Reading::at).findFirst().orElse(null);
  }

  /**
   * A stretch in which the daemon was not running: it was told to stop at {@code from} and had
   * stopped by {@code stoppedBy} (a SIGTERM lets it finish what it was doing), and was back between
   * {@code earliestBack} (its process started again) and {@code latestBack} (by when it decides
   * again: its first reading, and for a daemon just started a while after).
   */
  public record Downtime(Instant from, Instant stoppedBy, Instant earliestBack, Instant latestBack) {}

  /** Each episode's notices, least and most, for a run whose last reading went out at {@code end}. */
  public List<Expected> expected(List<Episode> episodes, Instant end) {
    return expected(episodes, end, List.of(), List.of());
  }

  public List<Expected> expected(List<Episode> episodes, Instant end, List<Blur> blurs) {
    return expected(episodes, end, blurs, List.of());
  }

  /**
   * The same, with an alert whose edge falls in a blur allowed none of its notices, or one more
   * repeat; while the daemon was down nothing is decided, and what fell due is decided once it is back.
   */
  public List<Expected> expected(List<Episode> episodes, Instant end, List<Blur> blurs, List<Downtime> downtimes) {
    return expected(episodes, end, blurs, downtimes, List.of());
  }

  /**
   * A silence of the home as the daemon made it, from {@code from}, holding the home's notices by
   * {@code heldBy} at the latest; it ended at {@code endsAt}, or somewhere up to {@code endsBy}
   * when only that much is known of its end.
   */
  public record Silence(Instant from, Instant heldBy, Instant endsAt, Instant endsBy) {
    public Silence(Instant from, Instant endsAt, Instant endsBy) {
      this(from, from, endsAt, endsBy);
    }

    /** Whether a notice made {@code at} was surely made under it. */
    boolean mutes(Instant at) {
      return at.isAfter(heldBy) && at.isBefore(endsAt);
    }
  }

  /**
   * The same, with silences of the home: like quiet hours they hold a firing alert's notice until
   * they end, but a resolved notice that falls in one is dropped.
   */
  public List<Expected> expected(List<Episode> episodes, Instant end, List<Blur> blurs, List<Downtime> downtimes,
      List<Silence> silences) {
    List<int[][]> plays = new ArrayList<>();
    for (Duration delay : List.of(Duration.ZERO, lag)) {
      for (Instant stop : List.of(end.minus(lag), end.plus(lag))) {
        for (List<Blur> down : downs(downtimes, delay)) {
          for (boolean late : List.of(false, true)) {
            List<Blur> muted = silences.stream().map(m -> new Blur(late ? m.heldBy() : m.from(),
                late ? m.endsBy() : m.endsAt())).toList();
            plays.add(play(episodes, delay, stop, down, muted));
          }
        }
      }
    }
    List<Expected> expected = new ArrayList<>();
    for (int i = 0; i < episodes.size(); i++) {
      int[] least = new int[Kind.values().length];
      int[] most = new int[Kind.values().length];
      java.util.Arrays.fill(least, Integer.MAX_VALUE);
      for (int[][] play : plays) {
        for (int k = 0; k < least.length; k++) {
          least[k] = Math.min(least[k], play[i][k]);
          most[k] = Math.max(most[k], play[i][k]);
        }
      }
      Episode e = episodes.get(i);
      boolean blurred = blurred(episodes, i, blurs);
      if (blurred) {
        java.util.Arrays.fill(least, 0);
        most[Kind.FIRING.ordinal()] = 1;
        most[Kind.REPEAT.ordinal()] += 1 + (int) e.stretch(end).dividedBy(SoakPlan.COOLDOWN.minus(lag));
        most[Kind.RESOLVED.ordinal()] = 1;
      }
      expected.add(new Expected(e, least, most, blurred));
    }
    return expected;
  }

  /**
   * The downtimes as stretches, each way they may have begun (told or stopped) and ended (started
   * or fed); a daemon that decides {@code delay} late decides what fell due while it was down as
   * late after it is back.
   */
  private static List<List<Blur>> downs(List<Downtime> downtimes, Duration delay) {
    List<List<Blur>> downs = new ArrayList<>();
    for (boolean stopsLate : List.of(false, true)) {
      for (boolean backEarly : List.of(true, false)) {
        downs.add(downtimes.stream().map(d -> new Blur(stopsLate ? d.stoppedBy() : d.from(),
            (backEarly ? d.earliestBack() : d.latestBack()).plus(delay))).toList());
      }
    }
    return downs;
  }

  /**
   * An alert is blurred when an edge of it falls in a blur, or when it starts within a cooldown of
   * the end of a blurred one (whose notices, and so whose cooldown, may have come at other times).
   */
  private boolean blurred(List<Episode> episodes, int i, List<Blur> blurs) {
    Episode e = episodes.get(i);
    if (blurs.stream().anyMatch(b -> b.covers(e.firedAt(), lag) || b.covers(e.resolvedAt(), lag))) {
      return true;
    }
    if (i == 0) {
      return false;
    }
    Episode before = episodes.get(i - 1);
    return before.resolvedAt() != null
        && (before.resolvedBy() == null
            || e.firedAt().isBefore(before.resolvedBy().plus(SoakPlan.COOLDOWN).plus(lag)))
        && blurred(episodes, i - 1, blurs);
  }

  /**
   * The notices per episode and kind when every decision comes {@code delay} after it became due:
   * after its reading, after a cooldown, a silence or quiet hours ended. The delays add up along a
   * chain of repeats, as a daemon that decides on its ticks does. A resolved notice is dropped if
   * it is decided in a silence.
   */
  private int[][] play(List<Episode> episodes, Duration delay, Instant end, List<Blur> down, List<Blur> silences) {
    int[][] counts = new int[episodes.size()][Kind.values().length];
    List<Blur> holding = silences.stream().map(silence -> new Blur(silence.from(), silence.to().plus(delay))).toList();
    Instant lastSent = null;
    for (int i = 0; i < episodes.size(); i++) {
      Episode e = episodes.get(i);
      Instant next = i + 1 < episodes.size() ? episodes.get(i + 1).firedAt().plus(delay) : end;
      boolean notified = false;
      Instant resolved = e.resolvedAt() == null ? end : e.resolvedAt().plus(delay);
      for (Instant t = e.firedAt().plus(delay); t.isBefore(resolved) && t.isBefore(end);
          t = nextDecision(t, cooledAt(lastSent, delay), down, holding)) {
        boolean cooling = lastSent != null && t.isBefore(cooledAt(lastSent, delay));
        if (!cooling && !quiet(t, delay) && !within(t, down) && !within(t, holding)) {
          counts[i][(notified ? Kind.REPEAT : Kind.FIRING).ordinal()]++;
          notified = true;
          lastSent = t;
        }
      }
      if (notified && e.resolvedAt() != null && resolved.isBefore(end) && !within(resolved, silences)) {
        Instant sendAt = resolved;
        while ((quiet(sendAt, delay) || within(sendAt, down)) && sendAt.isBefore(next)) {
          sendAt = nextDecision(sendAt, null, down, List.of());
        }
        if (!quiet(sendAt, delay) && !within(sendAt, down) && !within(sendAt, silences) && sendAt.isBefore(next)
            && sendAt.isBefore(end)) {
          counts[i][Kind.RESOLVED.ordinal()]++;
        }
      }
    }
    return counts;
  }

  private static Instant cooledAt(Instant lastSent, Duration delay) {
    return lastSent == null ? null : lastSent.plus(SoakPlan.COOLDOWN).plus(delay);
  }

  /**
   * A tick after {@code t}, or sooner where what held a notice back ends in between (a cooldown, a
   * downtime, a silence): a daemon deciding on shorter ticks finds the moments between such an end
   * and the start of quiet hours.
   */
  private Instant nextDecision(Instant t, Instant cooledAt, List<Blur> down, List<Blur> silences) {
    Instant next = t.plus(tick);
    Stream<Instant> ends = Stream.concat(Stream.concat(down.stream(), silences.stream())
        .map(stretch -> stretch.to().plusMillis(1)), Stream.ofNullable(cooledAt));
    return ends.filter(held -> held.isAfter(t) && held.isBefore(next)).min(Comparator.naturalOrder()).orElse(next);
  }

  /** In one of {@code stretches}: the daemon down, or a silence. */
  private static boolean within(Instant t, List<Blur> stretches) {
    return stretches.stream().anyMatch(d -> d.covers(t, Duration.ZERO));
  }

  /** Quiet now on the daemon's wall clock, or quiet hours ended less than {@code delay} ago. */
  private boolean quiet(Instant t, Duration delay) {
    return SoakPlan.quiet(wallSteps.onDaemon(t)) || SoakPlan.quiet(wallSteps.onDaemon(t.minus(delay)));
  }
}
