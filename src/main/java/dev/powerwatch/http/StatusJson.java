package dev.powerwatch.http;

import dev.powerwatch.status.Snapshot;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.powerwatch.debounce.AlertKey;
import dev.powerwatch.debounce.AlertRecord;
import dev.powerwatch.debounce.Silence;
import dev.powerwatch.notify.Notification;
import dev.powerwatch.notify.Notifier;
import dev.powerwatch.notify.OutboxEntry;
import dev.powerwatch.rules.EnergyStatus;
import dev.powerwatch.tibber.Home;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The JSON of /ready and /api/state. */
final class StatusJson {
  private final ObjectMapper mapper;

  StatusJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  String ready(Snapshot s) {
    ObjectNode body = mapper.createObjectNode();
    body.put("ready", s.notReady().isEmpty());
    ArrayNode reasons = body.putArray("reasons");
    s.notReady().forEach(reasons::add);
    return body.toString();
  }

  String state(Snapshot s) {
    ObjectNode body = mapper.createObjectNode();
    body.put("ready", s.notReady().isEmpty());
    ArrayNode reasons = body.putArray("reasons");
    s.notReady().forEach(reasons::add);
    s.feed().ifPresentOrElse(feed -> body.set("feed", mapper.valueToTree(feed)),
        () -> body.putObject("feed").put("state", "DISCOVERING").put("detail", s.discovering().orElse("starting")));
    ArrayNode homes = body.putArray("homes");
    for (Home home : s.homes()) {
      ObjectNode h = homes.addObject().put("id", home.id()).put("name", home.displayName())
          .put("timeZone", home.timeZone());
      s.cluster().map(c -> c.homeHosts().get(home.id())).ifPresent(host -> h.put("node", host));
      if (s.latest().containsKey(home.id())) {
        h.set("lastMeasurement", mapper.valueToTree(s.latest().get(home.id())));
      }
      ArrayNode energy = h.putArray("energy");
      s.energy().getOrDefault(home.id(), List.of()).forEach(e -> energy.add(energy(e)));
    }
    body.set("alerts", alerts(s));
    body.set("silences", silences(s.silences()));
    s.notifier().ifPresent(n -> notifier(body, n));
    s.broker().ifPresent(b -> body.putObject("mqtt").put("url", b.url()).put("connected", b.connected())
        .put("detail", b.detail()).put("dropped", b.dropped()));
    s.cluster().ifPresent(c -> body.set("cluster", mapper.valueToTree(c)));
    ArrayNode state = body.putArray("stateProblems");
    s.stateProblems().forEach(state::add);
    return body.toString();
  }

  /** An energy rule's interval (and month): kWh so far, the estimate, the month's peaks, step and headroom. */
  private ObjectNode energy(EnergyStatus e) {
    ObjectNode node = mapper.createObjectNode().put("rule", e.rule())
        .put("intervalStart", e.intervalStart().toString()).put("intervalEnd", e.intervalEnd().toString())
        .put("energyKWh", round(e.energyKWh())).put("estimateKWh", round(e.estimateKWh()))
        .put("confident", e.confident()).put("reduceKw", round(e.reduceKw()));
    e.capacity().ifPresent(c -> {
      ObjectNode capacity = node.putObject("capacity").put("monthKw", round(c.monthKw())).put("step", c.step())
          .put("fee", round(c.fee())).put("currency", c.currency());
      if (Double.isFinite(c.headroomKWh())) {
        capacity.put("headroomKWh", round(c.headroomKWh()));
      } else {
        capacity.putNull("headroomKWh");
      }
      ArrayNode peaks = capacity.putArray("peaks");
      c.counted().forEach(p -> peaks.addObject().put("day", p.day().toString()).put("start", p.start().toString())
          .put("kw", round(p.kw())));
    });
    return node;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  /**
   * Each alert; {@code cooldownUntil} is when its next notice may go out at the earliest, where its
   * cooldown holds that notice back (an hour rule's resolved alert holds the next hour's back by nothing).
   */
  private ArrayNode alerts(Snapshot s) {
    ArrayNode list = mapper.createArrayNode();
    s.alerts().entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.comparing(AlertKey::toString)))
        .forEach(e -> {
          AlertRecord record = e.getValue();
          ObjectNode alert = list.addObject()
              .put("home", e.getKey().homeId())
              .put("rule", e.getKey().rule())
              .put("firing", record.firing())
              .put("since", record.since() == null ? null : record.since().toString())
              .put("lastSentAt", record.lastSentAt() == null ? null : record.lastSentAt().toString());
          Optional.ofNullable(s.policies().get(e.getKey().rule()))
              .flatMap(policy -> policy.cooldownEnds(record))
              .ifPresent(end -> alert.put("cooldownUntil", end.toString()));
          if (record.silencedBy() != null) {
            alert.put("silencedBy", record.silencedBy());
          }
        });
    return list;
  }

  ArrayNode silences(List<Silence> silences) {
    ArrayNode list = mapper.createArrayNode();
    silences.forEach(s -> list.add(silence(s)));
    return list;
  }

  /** A silence; {@code home} and {@code rule} are null when it mutes every home or rule. */
  ObjectNode silence(Silence s) {
    return mapper.createObjectNode().put("id", s.id()).put("home", s.homeId()).put("rule", s.rule())
        .put("startsAt", s.startsAt().toString()).put("endsAt", s.endsAt().toString())
        .put("createdBy", s.createdBy()).put("comment", s.comment());
  }

  private void notifier(ObjectNode body, Notifier.Status status) {
    ArrayNode channels = body.putArray("channels");
    status.backlog().forEach((name, waiting) -> channels.addObject().put("name", name).put("backlog", waiting));
    ArrayNode waiting = body.putArray("waitingNotifications");
    for (OutboxEntry entry : status.waiting()) {
      Notification n = entry.notification();
      ObjectNode w = waiting.addObject().put("id", n.id()).put("home", n.homeId()).put("rule", n.rule())
          .put("kind", n.kind().name().toLowerCase(Locale.ROOT)).put("createdAt", String.valueOf(n.createdAt()));
      entry.pending().forEach(w.putArray("channels")::add);
    }
    ArrayNode recent = body.putArray("recentNotifications");
    for (Notifier.Attempt a : status.recent()) {
      recent.addObject().put("at", a.at().toString()).put("title", a.title()).put("channel", a.channel())
          .put("outcome", a.outcome()).put("detail", a.detail());
    }
  }
}
