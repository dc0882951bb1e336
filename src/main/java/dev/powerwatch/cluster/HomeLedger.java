package dev.powerwatch.cluster;

import dev.powerwatch.debounce.AlertKey;
import dev.powerwatch.debounce.AlertRecord;
import dev.powerwatch.notify.Notification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A home's state as its journal rebuilds it: each rule's alert record, and the notices some
 * channel has not settled yet, oldest first. Immutable; {@link #apply} is the event handler.
 *
 * @param alerts by rule name
 * @param outbox by notice id
 */
public record HomeLedger(Map<String, AlertRecord> alerts, Map<String, Queued> outbox) implements CborSerializable {

  /** A notice and the channels still to settle it. */
  public record Queued(Notification notification, List<String> pending) {
    public Queued {
      pending = List.copyOf(pending);
    }
  }

  public HomeLedger {
    alerts = Map.copyOf(alerts);
    outbox = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outbox));
  }

  public static HomeLedger empty() {
    return new HomeLedger(Map.of(), Map.of());
  }

  public HomeLedger apply(HomeEvent event) {
    if (event instanceof HomeEvent.AlertRecorded recorded) {
      return withAlert(recorded.rule(), recorded.record());
    }
    if (event instanceof HomeEvent.NoticeQueued queued) {
      return withQueued(queued.notification(), queued.channels());
    }
    HomeEvent.ChannelSettled settled = (HomeEvent.ChannelSettled) event;
    return withSettled(settled.noticeId(), settled.channel());
  }

  /** The alert records keyed as the debounce decisions key them. */
  public Map<AlertKey, AlertRecord> alertsOf(String homeId) {
    Map<AlertKey, AlertRecord> keyed = new LinkedHashMap<>();
    alerts.forEach((rule, record) -> keyed.put(new AlertKey(homeId, rule), record));
    return keyed;
  }

  private HomeLedger withAlert(String rule, AlertRecord record) {
    Map<String, AlertRecord> next = new LinkedHashMap<>(alerts);
    next.put(rule, record);
    return new HomeLedger(next, outbox);
  }

  private HomeLedger withQueued(Notification notification, List<String> channels) {
    Map<String, Queued> next = new LinkedHashMap<>(outbox);
    next.put(notification.id(), new Queued(notification, channels));
    return new HomeLedger(alerts, next);
  }

  private HomeLedger withSettled(String noticeId, String channel) {
    Queued queued = outbox.get(noticeId);
    if (queued == null) {
      return this;
    }
    Map<String, Queued> next = new LinkedHashMap<>(outbox);
    List<String> rest = queued.pending().stream().filter(c -> !c.equals(channel)).toList();
    if (rest.isEmpty()) {
      next.remove(noticeId);
    } else {
      next.put(noticeId, new Queued(queued.notification(), rest));
    }
    return new HomeLedger(alerts, next);
  }
}
