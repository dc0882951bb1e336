package dev.powerwatch.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.powerwatch.debounce.AlertKey;
import dev.powerwatch.debounce.AlertRecord;
import dev.powerwatch.debounce.Silence;
import dev.powerwatch.feed.FeedStatus;
import dev.powerwatch.rules.EnergyStatus;
import dev.powerwatch.rules.RuleSpec;
import dev.powerwatch.status.Snapshot;
import dev.powerwatch.tibber.Home;
import dev.powerwatch.tibber.Measurement;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a home's state topics say now, from the daemon's status and the power seen since the last publish. */
final class HomeStates {
  private final Topics topics;
  private final ObjectMapper mapper;

  HomeStates(Topics topics, ObjectMapper mapper) {
    this.topics = topics;
    this.mapper = mapper;
  }

  /** @param power the latest and average power since the last publish, or null when none came */
  Map<String, String> of(Home home, List<RuleSpec> rules, Snapshot s, PowerAverage.Window power, Instant now) {
    String h = home.id();
    Map<String, String> states = new LinkedHashMap<>();
    if (power != null) {
      states.put(topics.state(h, "power"), number(power.latestWatts()));
      states.put(topics.state(h, "power_average"), number(power.averageWatts()));
    }
    Measurement latest = s.latest().get(h);
    if (latest != null) {
      states.put(topics.state(h, "energy_today"), number(latest.accumulatedConsumption()));
      if (latest.accumulatedCost() != null) {
        states.put(topics.state(h, "cost_today"), number(latest.accumulatedCost()));
      }
    }
    states.put(topics.state(h, "feed"), onOff(s.feed().map(f -> live(f, h)).orElse(false)));
    states.put(topics.state(h, "muted"), onOff(s.silences().stream().anyMatch(silence -> mutesHome(silence, h, now))));
    for (RuleSpec rule : rules) {
      AlertRecord alert = s.alerts().get(new AlertKey(h, rule.name()));
      states.put(topics.state(h, Topics.level(rule.name()), "alert"), onOff(alert != null && alert.firing()));
    }
    s.energy().getOrDefault(h, List.of()).forEach(e -> energy(states, h, e));
    return states;
  }

  private void energy(Map<String, String> states, String h, EnergyStatus e) {
    String r = Topics.level(e.rule());
    states.put(topics.state(h, r, "energy"), number(e.energyKWh()));
    states.put(topics.state(h, r, "estimate"), number(e.estimateKWh()));
    states.put(topics.state(h, r, "reduce"), number(e.reduceKw()));
    e.capacity().ifPresent(c -> {
      states.put(topics.state(h, r, "headroom"), Double.isFinite(c.headroomKWh()) ? number(c.headroomKWh()) : "None");
      states.put(topics.state(h, r, "month_peak"), number(c.monthKw()));
      states.put(topics.state(h, r, "step"), c.step());
      ObjectNode peaks = mapper.createObjectNode().put("month_kw", c.monthKw()).put("fee", c.fee())
          .put("currency", c.currency());
      ArrayNode list = peaks.putArray("peaks");
      c.counted().forEach(p -> list.addObject().put("day", p.day().toString()).put("start", p.start().toString())
          .put("kw", p.kw()));
      states.put(topics.state(h, r, "peaks"), peaks.toString());
    });
  }

  private static boolean live(FeedStatus feed, String homeId) {
    return feed.state() == FeedStatus.State.LIVE && feed.subscribedHomes().contains(homeId);
  }

  private static boolean mutesHome(Silence silence, String homeId, Instant now) {
    return silence.activeAt(now) && (silence.homeId() == null || silence.homeId().equals(homeId));
  }

  static String onOff(boolean on) {
    return on ? "ON" : "OFF";
  }

  /** At most three decimals, no exponent, no trailing zeros. */
  static String number(double value) {
    if (!Double.isFinite(value)) {
      return "None";
    }
    return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
