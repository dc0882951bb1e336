package dev.powerwatch.cluster;

import dev.powerwatch.debounce.AlertKey;
import dev.powerwatch.debounce.AlertRecord;
import dev.powerwatch.debounce.Silence;
import dev.powerwatch.notify.Notification;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A home's state as its journal rebuilds it: each rule's alert record, the notices some channel
 * has not settled yet, oldest first, and the silences that concern it. Immutable; {@link #apply} is
 * the event handler.
 *
 * @param alerts by rule name
 * @param outbox by notice id
 * @param silences by id: this home's and every home's, not yet ended (absent from snapshots before them)
 */
public record HomeLedger(Map<String, AlertRecord> alerts, Map<String, Queued> outbox, Map<String, Silence> silences)
    implements CborSerializable {

  /** A notice and the channels still to settle it. */
  public record Queued(Notification notification, List<String> pending) {
    public Queued {
      pending = List.copyOf(pending);
    }
  }

  public HomeLedger {
    alerts = Map.copyOf(alerts);
    outbox = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outbox));
    silences = silences == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(silences));
  }

  public HomeLedger(Map<String, AlertRecord> alerts, Map<String, Queued> outbox) {
    this(alerts, outbox, Map.of());
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
    if (event instanceof HomeEvent.SilenceAdded added) {
      return withSilence(added.silence(), added.at());
    }
    if (event instanceof HomeEvent.SilenceEnded ended) {
      Map<String, Silence> next = new LinkedHashMap<>(silences);
      next.remove(ended.silenceId());
      return new HomeLedger(alerts, outbox, next);
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

  /** The silences not ended at {@code now}: in force or still to come. */
  public List<Silence> silencesAt(Instant now) {
    return silences.values().stream().filter(s -> now.isBefore(s.endsAt())).toList();
  }

  private HomeLedger withAlert(String rule, AlertRecord record) {
    Map<String, AlertRecord> next = new LinkedHashMap<>(alerts);
    next.put(rule, record);
    return new HomeLedger(next, outbox, silences);
  }

  private HomeLedger withQueued(Notification notification, List<String> channels) {
    Map<String, Queued> next = new LinkedHashMap<>(outbox);
    next.put(notification.id(), new Queued(notification, channels));
    return new HomeLedger(alerts, next, silences);
  }

  /** The silence added; those that had ended by the time it was made are forgotten. */
  private HomeLedger withSilence(Silence silence, Instant at) {
    Map<String, Silence> next = new LinkedHashMap<>(silences);
    next.values().removeIf(s -> !at.isBefore(s.endsAt()));
    next.put(silence.id(), silence);
    return new HomeLedger(alerts, outbox, next);
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
    return new HomeLedger(alerts, next, silences);
  }
}
