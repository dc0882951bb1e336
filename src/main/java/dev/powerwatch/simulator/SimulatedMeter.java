package dev.powerwatch.simulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * A Pulse on one home's meter: power follows a daily curve with noise and appliance spikes (or a
 * scripted profile), and the accumulated fields integrate that power, so they stay consistent.
 */
final class SimulatedMeter {
  private static final double METER_START_KWH = 24_817.3;
  private static final double PRICE_PER_KWH = 1.45;
  private static final double VOLTAGE = 230.0;
  /** Tibber's own shape: milliseconds and a numeric offset, {@code 2026-11-22T13:37:00.000+01:00}. */
  private static final DateTimeFormatter TIBBER_TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx");

  private final ZoneId zone;
  private final Random random;
  private final Deque<Double> script = new ArrayDeque<>();
  private Instant lastReading;
  private LocalDate day;
  private long hour = -1;
  private double dayKwh;
  private double hourKwh;
  private double meterKwh = METER_START_KWH;
  private double minPower = Double.MAX_VALUE;
  private double maxPower;
  private double powerSecondsToday;
  private double secondsToday;
  private int spikeReadingsLeft;
  private double spikeWatts;
  private boolean phaseValuesThisReading;
  private Instant timelineFrom;
  private Duration timelineStep;
  private List<Double> timeline = List.of();

  SimulatedMeter(ZoneId zone, long seed) {
    this.zone = zone;
    this.random = new Random(seed);
  }

  /** Queues watts to report, one per reading, before the daily curve takes over again. */
  synchronized void play(List<Double> watts) {
    script.clear();
    script.addAll(watts);
  }

  /**
   * From {@code from} on, the reading at time t reports {@code watts[(t - from) / step]}, however
   * many readings went out before it; before and after the timeline, the other sources apply.
   */
  synchronized void playTimeline(Instant from, Duration step, List<Double> watts) {
    timelineFrom = from;
    timelineStep = step;
    timeline = List.copyOf(watts);
  }

  synchronized int scripted() {
    return script.size();
  }

  synchronized ObjectNode read(Instant now) {
    ZonedDateTime local = now.atZone(zone);
    Double onTimeline = onTimeline(now);
    double power = onTimeline != null ? onTimeline : script.isEmpty() ? curve(local) : script.poll();
    integrate(now, local, power);
    return render(local, power);
  }

  private Double onTimeline(Instant now) {
    if (timeline.isEmpty() || now.isBefore(timelineFrom)) {
      return null;
    }
    long index = Duration.between(timelineFrom, now).toNanos() / timelineStep.toNanos();
    return index < timeline.size() ? timeline.get((int) index) : null;
  }

  /**
   * Counts the energy since the last reading, as a meter does all the time, also while nobody
   * reads it: the hour's and the day's counts only what fell in this hour and day.
   */
  private void integrate(Instant now, ZonedDateTime local, double power) {
    if (lastReading == null) {
      backfillSinceMidnight(local);
    }
    Instant since = lastReading.isAfter(now) ? now : lastReading;
    double seconds = Duration.between(since, now).toMillis() / 1000.0;
    lastReading = now;
    if (!local.toLocalDate().equals(day)) {
      day = local.toLocalDate();
      dayKwh = 0;
      minPower = Double.MAX_VALUE;
      maxPower = 0;
      powerSecondsToday = 0;
      secondsToday = 0;
    }
    long hourOfEpoch = local.truncatedTo(ChronoUnit.HOURS).toEpochSecond();
    if (hourOfEpoch != hour) {
      hour = hourOfEpoch;
      hourKwh = 0;
    }
    Instant hourStart = local.truncatedTo(ChronoUnit.HOURS).toInstant();
    Instant dayStart = day.atStartOfDay(zone).toInstant();
    meterKwh += kWhBetween(since, now, power);
    dayKwh += kWhBetween(since.isAfter(dayStart) ? since : dayStart, now, power);
    hourKwh += kWhBetween(since.isAfter(hourStart) ? since : hourStart, now, power);
    minPower = Math.min(minPower, power);
    maxPower = Math.max(maxPower, power);
    powerSecondsToday += power * seconds;
    secondsToday += seconds;
  }

  /** The energy over (from, to]: the timeline's watts where it has them, {@code power} elsewhere. */
  private double kWhBetween(Instant from, Instant to, double power) {
    double wattSeconds = 0;
    for (Instant t = from; t.isBefore(to); ) {
      Double slot = onTimeline(t);
      Instant next = slot != null ? slotAfter(t) : timelineFrom != null && t.isBefore(timelineFrom) ? timelineFrom : to;
      next = next.isAfter(to) ? to : next;
      wattSeconds += (slot != null ? slot : power) * Duration.between(t, next).toMillis() / 1000.0;
      t = next;
    }
    return wattSeconds / 3_600_000.0;
  }

  private Instant slotAfter(Instant t) {
    long index = Duration.between(timelineFrom, t).toNanos() / timelineStep.toNanos();
    return timelineFrom.plus(timelineStep.multipliedBy(index + 1));
  }

  /** A meter is not new when the simulator starts: integrate the plain curve from midnight on. */
  private void backfillSinceMidnight(ZonedDateTime local) {
    ZonedDateTime minute = local.toLocalDate().atStartOfDay(zone);
    lastReading = minute.toInstant();
    while (minute.plusMinutes(1).isBefore(local)) {
      minute = minute.plusMinutes(1);
      integrate(minute.toInstant(), minute, baseline(minute));
    }
  }

  private double curve(ZonedDateTime local) {
    double base = baseline(local);
    if (spikeReadingsLeft > 0) {
      spikeReadingsLeft--;
    } else if (random.nextInt(90) == 0) {
      spikeReadingsLeft = 10 + random.nextInt(30);
      spikeWatts = 1_800 + random.nextInt(2_500);
    } else {
      spikeWatts = 0;
    }
    double noise = 1 + (random.nextDouble() - 0.5) * 0.2;
    return Math.round(base * noise + spikeWatts);
  }

  private static double baseline(ZonedDateTime local) {
    double h = local.getHour() + local.getMinute() / 60.0;
    return 250 + 1_800 * bump(h, 7.5, 1.2) + 500 * bump(h, 12.5, 2.5) + 2_600 * bump(h, 18.5, 2.0);
  }

  private static double bump(double hour, double centre, double width) {
    double d = (hour - centre) / width;
    return Math.exp(-d * d);
  }

  /** The fields in the subscription's order, as a GraphQL server answers (Measurement.FIELDS). */
  private ObjectNode render(ZonedDateTime local, double power) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode m = f.objectNode();
    m.put("timestamp", local.toOffsetDateTime().format(TIBBER_TIMESTAMP));
    m.put("power", power);
    m.put("accumulatedConsumption", round(dayKwh, 6));
    m.put("accumulatedConsumptionLastHour", round(hourKwh, 6));
    m.put("accumulatedProduction", 0.0);
    m.put("accumulatedProductionLastHour", 0.0);
    m.put("minPower", minPower);
    m.put("averagePower", round(secondsToday > 0 ? powerSecondsToday / secondsToday : power, 1));
    m.put("maxPower", maxPower);
    m.put("lastMeterConsumption", round(meterKwh, 3));
    m.put("lastMeterProduction", 0.0);
    m.put("accumulatedCost", round(dayKwh * PRICE_PER_KWH, 4));
    m.putNull("accumulatedReward");
    m.put("currency", "NOK");
    m.put("powerProduction", 0.0);
    m.put("minPowerProduction", 0.0);
    m.put("maxPowerProduction", 0.0);
    m.put("powerReactive", round(power * 0.08, 1));
    m.put("powerProductionReactive", 0.0);
    m.put("powerFactor", 0.97);
    phaseValuesThisReading = !phaseValuesThisReading;
    for (int phase = 1; phase <= 3; phase++) {
      putOrNull(m, "voltagePhase" + phase, round(VOLTAGE + (random.nextDouble() - 0.5) * 4, 1));
    }
    for (int phase = 1; phase <= 3; phase++) {
      putOrNull(m, "currentL" + phase, round(power / 3 / VOLTAGE, 2));
    }
    m.put("signalStrength", -60 - random.nextInt(15));
    return m;
  }

  /** Phase values come in every other reading only, as some meters send them. */
  private void putOrNull(ObjectNode m, String field, double value) {
    if (phaseValuesThisReading) {
      m.put(field, value);
    } else {
      m.putNull(field);
    }
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
