package dev.powerwatch.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.powerwatch.soak.SoakHours.Call;
import dev.powerwatch.soak.SoakHours.Hour;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hour oracle's calls by hand, the limit 4 kWh, readings every minute from 12:00 (Oslo) to
 * 12:59, after one at 11:59.
 */
class SoakHoursTest {
  private static final Duration LAG = Duration.ofMinutes(1);
  private static final Instant NOON = LocalDateTime.parse("2026-03-10T12:00").atZone(SoakPlan.ZONE).toInstant();
  private static final Instant END = NOON.plus(Duration.ofHours(3));

  /** The profile from 11:59, a value a minute: 500 W, then {@code watts} for the hour. */
  private static SoakHours.Profile hourAt(double watts) {
    List<Double> profile = new ArrayList<>(List.of(500.0));
    profile.addAll(java.util.Collections.nCopies(60, watts));
    return new SoakHours.Profile(NOON.minus(Duration.ofMinutes(1)), Duration.ofMinutes(1), profile);
  }

  /** Each of the profile's minutes sent as a reading at the minute's end, but those {@code withheld}. */
  private static List<SoakOracle.Reading> sent(SoakHours.Profile profile, java.util.function.IntPredicate withheld) {
    List<SoakOracle.Reading> sent = new ArrayList<>();
    for (int minute = 0; minute < profile.watts().size(); minute++) {
      if (!withheld.test(minute - 1)) {
        sent.add(new SoakOracle.Reading(profile.from().plus(Duration.ofMinutes(minute)), profile.watts().get(minute)));
      }
    }
    return sent;
  }

  private static Hour noon(SoakHours.Profile profile, List<SoakOracle.Blur> blurs, List<SoakOracle.Silence> silences) {
    return noon(profile, sent(profile, minute -> false), blurs, silences);
  }

  private static Hour noon(SoakHours.Profile profile, List<SoakOracle.Reading> sent, List<SoakOracle.Blur> blurs,
      List<SoakOracle.Silence> silences) {
    return new SoakHours(LAG).hours(profile, sent, blurs, silences, END).stream()
        .filter(h -> h.start().equals(NOON)).findFirst().orElseThrow();
  }

  @Test
  void anHourAtSixKilowattsMustBeWarnedOfFromItsMinuteTen() {
    // Minute 10: E = 6 x 10/60 = 1 kWh, the estimate 1 + 6 x 50/60 = 6 > 4.3, the cut
    // 6 - (4 - 1) / (50/60) = 2.4 kW > 0.3. Minute 9 is before not-before.
    Hour hour = noon(hourAt(6_000), List.of(), List.of());
    assertEquals(Call.MUST, hour.call());
    assertEquals(NOON.plus(Duration.ofMinutes(9)), hour.earliest());
    assertEquals(NOON.plus(Duration.ofMinutes(11)), hour.dueBy());
  }

  @Test
  void anHourAtThreeKilowattsMustNotBe() {
    // The estimate is 3 kWh all hour, below 4 - 0.3.
    assertEquals(Call.NONE, noon(hourAt(3_000), List.of(), List.of()).call());
  }

  @Test
  void anHourJustUnderItsLimitMayBe() {
    // 3.9 kW: the estimate 3.9 kWh lies within 0.3 of the limit; at minute 10 the cut is
    // 3.9 - (4 - 0.65) / (50/60) = -0.12 kW, within 0.3 of zero.
    Hour hour = noon(hourAt(3_900), List.of(), List.of());
    assertEquals(Call.MAY, hour.call());
    assertEquals(NOON.plus(Duration.ofMinutes(9)), hour.earliest());
  }

  @Test
  void anHourTheDaemonMaySeeOnlyInPartMayBeWarnedOfOrNot() {
    SoakOracle.Blur wholeHour = new SoakOracle.Blur(NOON, NOON.plus(Duration.ofHours(1)));
    assertEquals(Call.MAY, noon(hourAt(6_000), List.of(wholeHour), List.of()).call());
  }

  @Test
  void anHourWhoseWarningASilenceHeldBackMayBeWarnedOfOrNot() {
    SoakOracle.Silence silence = new SoakOracle.Silence(NOON.minus(Duration.ofMinutes(30)),
        NOON.plus(Duration.ofMinutes(30)), NOON.plus(Duration.ofMinutes(30)));
    assertEquals(Call.MAY, noon(hourAt(6_000), List.of(), List.of(silence)).call());
  }

  @Test
  void theEnergySoFarIsTheProfilesAlsoWhereNoSocketCarriedItsReadings() {
    // 20 kW in minutes 1-9, none of it sent, then 3 kW: at minute 10 E = 20 x 9/60 + 3/60 = 3.05
    // kWh, the average power 3 kW (the one reading sent in the window stands for all of it), the
    // estimate 3.05 + 3 x 50/60 = 5.55, the cut 3 - (4 - 3.05) / (50/60) = 1.86 kW. Counting only what
    // was sent, the hour would stay under its limit.
    List<Double> watts = new ArrayList<>(List.of(500.0, 3_000.0));
    watts.addAll(java.util.Collections.nCopies(9, 20_000.0));
    watts.addAll(java.util.Collections.nCopies(50, 3_000.0));
    SoakHours.Profile profile = new SoakHours.Profile(NOON.minus(Duration.ofMinutes(1)), Duration.ofMinutes(1), watts);
    Hour hour = noon(profile, sent(profile, minute -> minute >= 1 && minute <= 9), List.of(), List.of());
    assertEquals(Call.MUST, hour.call());
    assertEquals(NOON.plus(Duration.ofMinutes(11)), hour.dueBy());
  }
}
