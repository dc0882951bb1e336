package dev.powerwatch.soak;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Everything a soak run does, drawn from one seed: each home's consumption a value per simulated
 * minute, and the rule it is judged by. The same seed gives the same run.
 *
 * @param speed how many simulated seconds pass in a real one
 */
public record SoakPlan(long seed, int homes, Duration length, double speed, Instant origin) {
  public static final Duration STEP = Duration.ofMinutes(1);
  public static final ZoneId ZONE = ZoneId.of("Europe/Oslo");

  /** The threshold rule, in watts and simulated time; the daemon's configuration says the same. */
  public static final String THRESHOLD_RULE = "high";
  public static final double ABOVE = 3_000;
  public static final double CLEAR = 2_500;
  public static final Duration FOR = Duration.ofMinutes(5);
  public static final Duration COOLDOWN = Duration.ofHours(2);
  public static final LocalTime QUIET_FROM = LocalTime.of(23, 0);
  public static final LocalTime QUIET_UNTIL = LocalTime.of(6, 0);

  /** The hour rule: this hour heads over its limit (the rule's defaults: no quiet hours, one warning an hour). */
  public static final String HOUR_RULE = "hour";
  public static final double HOUR_LIMIT_KWH = 4;
  public static final Duration HOUR_NOT_BEFORE = Duration.ofMinutes(10);
  public static final Duration HOUR_WINDOW = Duration.ofMinutes(5);
  /**
   * The run's end overshoots by up to half a second of real time (36 simulated minutes) before the
   * processes stop; past its profile the simulator would fall back to its own daily curve.
   */
  private static final Duration PROFILE_TAIL = Duration.ofHours(6);
  /** How far a bad time sync steps the daemon's wall clock. */
  static final Duration WALL_STEP = Duration.ofHours(1);
  /**
   * How old a notice may grow while the push service fails it before the daemon drops it (its
   * default, said in the configuration): a day, some 20 s at the soak's speed, where a restart
   * alone takes 6 to 8 simulated hours.
   */
  public static final Duration GIVE_UP_AFTER = Duration.ofHours(24);

  private static final int MIN_GAP_MINUTES = 30;
  /** How long the daemon's MQTT mute button mutes a home. */
  private static final Duration MQTT_MUTE = Duration.ofHours(1);
  private static final Duration FAULT_EVERY = Duration.ofHours(4);
  /** Real time the daemon has to start before the first fault: a token refused at start is fatal by design. */
  private static final Duration DAEMON_UP = Duration.ofSeconds(8);

  /**
   * What goes wrong, or what someone does: on the feed's socket and Tibber's API, at the push
   * service, to the daemon's process, to its state directory (full, read-only), to the MQTT broker,
   * to the daemon's wall clock, and a silence made (and sometimes ended early) through the API or
   * with MQTT's mute button.
   */
  public enum FaultKind {
    DROP, CLOSE_1001, CLOSE_4500, CLOSE_4429, STALL, REVOKE_4403, NO_ACK, MALFORMED_FRAMES, OVERSIZED_FRAME,
    API_429, PUSH_500, PUSH_429, PUSH_HTML_200, PUSH_HANG, PUSH_REFUSED, SIGKILL, SIGTERM, KILL_AT_NOTICE,
    STATE_FULL, STATE_READONLY, MQTT_GONE, SILENCE_API, SILENCE_MQTT, CLOCK_AHEAD, CLOCK_BEHIND;

    /** The daemon's wall clock stepped {@link #WALL_STEP} forward or back for a while, and set right again. */
    public boolean onWallClock() {
      return this == CLOCK_AHEAD || this == CLOCK_BEHIND;
    }

    /** How far the daemon's wall clock is off the run's while this fault holds. */
    public Duration wallStep() {
      return this == CLOCK_AHEAD ? WALL_STEP : this == CLOCK_BEHIND ? WALL_STEP.negated() : Duration.ZERO;
    }

    /** Played on the state directory's own file system. */
    public boolean onStateDir() {
      return this == STATE_FULL || this == STATE_READONLY;
    }

    /** Played with the MQTT broker. */
    public boolean onBroker() {
      return this == MQTT_GONE || this == SILENCE_MQTT;
    }

    public boolean onFeed() {
      return ordinal() < PUSH_500.ordinal();
    }

    /** The daemon is stopped and started again on its state directory. */
    public boolean restarts() {
      return this == SIGKILL || this == SIGTERM || this == KILL_AT_NOTICE;
    }
  }

  /**
   * A fault at {@code at} after the origin (simulated), lasting {@code lasts} of real time (0: a
   * moment); a silence is for {@code home} (an index) and {@code silenceFor} (simulated), and is
   * ended through the API after {@code lasts} when that comes first.
   */
  public record Fault(FaultKind kind, Duration at, Duration lasts, int home, Duration silenceFor) {
    public Fault(FaultKind kind, Duration at, Duration lasts) {
      this(kind, at, lasts, 0, Duration.ZERO);
    }
  }

  /**
   * About one fault every four simulated hours and each kind at least once, at moments and for
   * times drawn from the seed.
   */
  public List<Fault> faults() {
    SplittableRandom random = new SplittableRandom(new Random(seed).nextLong() - 1);
    int count = (int) Math.max(FaultKind.values().length, length.toMinutes() / FAULT_EVERY.toMinutes());
    List<Fault> faults = new ArrayList<>();
    long first = Math.max(Duration.ofHours(2).toMinutes(), Math.round(DAEMON_UP.toSeconds() * speed / 60));
    long last = Duration.ofHours(2).toMinutes();
    for (int i = 0; i < count; i++) {
      FaultKind kind = FaultKind.values()[i % FaultKind.values().length];
      Duration at = Duration.ofMinutes(first + random.nextLong(Math.max(1, length.toMinutes() - first - last)));
      Duration lasts = switch (kind) {
        case DROP, CLOSE_1001, CLOSE_4500, CLOSE_4429, MALFORMED_FRAMES, OVERSIZED_FRAME -> Duration.ZERO;
        case STALL -> Duration.ofMillis(4_000 + random.nextInt(2_000));
        case SIGKILL, SIGTERM, KILL_AT_NOTICE -> Duration.ofMillis(200 + random.nextInt(1_000));
        default -> Duration.ofMillis(1_000 + random.nextInt(3_000));
      };
      if (kind == FaultKind.SILENCE_API || kind == FaultKind.SILENCE_MQTT) {
        Duration silenceFor = kind == FaultKind.SILENCE_MQTT ? MQTT_MUTE : Duration.ofMinutes(60 + random.nextInt(5 * 60));
        Duration heldFor = random.nextBoolean() ? silenceFor.dividedBy(2) : silenceFor.plus(STEP);
        faults.add(new Fault(kind, at, real(heldFor), random.nextInt(homes), silenceFor));
        continue;
      }
      faults.add(new Fault(kind, at, lasts));
    }
    faults.sort(java.util.Comparator.comparing(Fault::at));
    return faults;
  }

  public String ruleConfig() {
    return "{ name = " + THRESHOLD_RULE + ", type = threshold, above = " + (long) ABOVE + ", clear = " + (long) CLEAR
        + ", for = " + FOR.toMinutes() + "m, cooldown = " + COOLDOWN.toMinutes() + "m, quiet-hours = [\""
        + QUIET_FROM + "-" + QUIET_UNTIL + "\"] }, { name = " + HOUR_RULE + ", type = hour-estimate, limit = "
        + (long) HOUR_LIMIT_KWH + ", not-before = " + HOUR_NOT_BEFORE.toMinutes() + "m, window = "
        + HOUR_WINDOW.toMinutes() + "m }";
  }

  /** How long a simulated duration takes in real time. */
  public Duration real(Duration simulated) {
    return Duration.ofNanos(Math.round(simulated.toNanos() / speed));
  }

  public static boolean quiet(Instant at) {
    LocalTime local = at.atZone(ZONE).toLocalTime();
    return !local.isBefore(QUIET_FROM) || local.isBefore(QUIET_UNTIL);
  }

  /**
   * One home's watts, a value per {@link #STEP} from the origin: a base load well below the clear
   * level, and now and then an episode: a blip shorter than {@code for}, a spike, a high that
   * outlasts the cooldown, a high that sinks to a plateau between clear and threshold (still
   * firing), or a plateau reached from below (never firing). It runs {@link #PROFILE_TAIL} past
   * the run's end, so that what the simulator sends while the run stops is scripted too.
   */
  public List<Double> profile(int home) {
    SplittableRandom random = new SplittableRandom(new Random(seed).nextLong() + home);
    int minutes = (int) length.plus(PROFILE_TAIL).toMinutes();
    List<Double> watts = new ArrayList<>(minutes);
    double base = 800;
    while (watts.size() < minutes) {
      int gap = MIN_GAP_MINUTES + random.nextInt(240);
      for (int i = 0; i < gap && watts.size() < minutes; i++) {
        base = Math.max(300, Math.min(2_200, base + random.nextDouble(-60, 60)));
        watts.add((double) Math.round(base));
      }
      episode(random).forEach(w -> {
        if (watts.size() < minutes) {
          watts.add(w);
        }
      });
    }
    return watts;
  }

  private static List<Double> episode(SplittableRandom random) {
    List<Double> watts = new ArrayList<>();
    switch (random.nextInt(5)) {
      case 0 -> high(watts, random, 1 + random.nextInt(3));
      case 1 -> high(watts, random, 10 + random.nextInt(80));
      case 2 -> high(watts, random, 150 + random.nextInt(300));
      case 3 -> {
        high(watts, random, 15 + random.nextInt(30));
        plateau(watts, random, 30 + random.nextInt(150));
      }
      default -> plateau(watts, random, 30 + random.nextInt(120));
    }
    return watts;
  }

  private static void high(List<Double> watts, SplittableRandom random, int minutes) {
    double level = random.nextDouble(3_200, 7_000);
    for (int i = 0; i < minutes; i++) {
      watts.add((double) Math.round(Math.max(3_050, level + random.nextDouble(-150, 150))));
    }
  }

  private static void plateau(List<Double> watts, SplittableRandom random, int minutes) {
    for (int i = 0; i < minutes; i++) {
      watts.add((double) Math.round(random.nextDouble(CLEAR + 50, ABOVE - 50)));
    }
  }
}
