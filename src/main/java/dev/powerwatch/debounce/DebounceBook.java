package dev.powerwatch.debounce;

import dev.powerwatch.notify.Notification;
import dev.powerwatch.support.SteadyTime;
import dev.powerwatch.support.Template;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The debounce state machine for every alert, as pure logic: given alert edges and the time,
 * which notifications go out. Semantics as Alertmanager's repeat_interval and Home Assistant's
 * alert: one notice when an alert fires, a repeat after each cooldown while it still fires, one
 * resolved notice if a firing one went out; an alert that fires again within the cooldown of the
 * last notice waits for its end, unless the rule's cooldown spaces repeats only; quiet hours hold
 * notices until they end. A silence
 * holds an alert's notices back while it lasts: if the alert still fires when it ends, one notice
 * goes out then; if it resolved meanwhile, none.
 */
public final class DebounceBook {
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  /** Each rule's notice policy, by rule name. */
  private final Map<String, NoticePolicy> rules;
  private final Map<String, ZoneId> zones;
  private final Map<AlertKey, AlertRecord> alerts;
  private final Silences silences;
  private final List<AlertKey> newlySilenced = new ArrayList<>();
  private final Set<AlertKey> awaitingReading;
  private final SteadyTime steady;
  /** When each alert's last notice was sent, on {@link #steady}; what was restored has none. */
  private final Map<AlertKey, Long> sentSteady;

  /**
   * @param zones each watched home's time zone, by home id
   * @param awaitingReading restored firing alerts that the daemon's clock has moved on from while it
   *     was down: none of their notices goes out until their monitor says where they stand now
   * @param steady measures the cooldowns of the notices this book sends, so a step of the wall clock
   *     neither ends them early nor stretches them; those it restored run on the wall clock, as all
   *     do when it is {@code null}
   */
  public DebounceBook(Map<String, NoticePolicy> rules, Map<String, ZoneId> zones, Map<AlertKey, AlertRecord> restored,
      Collection<Silence> restoredSilences, Set<AlertKey> awaitingReading, SteadyTime steady) {
    this(rules, zones, restored, restoredSilences, new HashSet<>(awaitingReading), steady, new HashMap<>());
  }

  /**
   * A book made afresh for each decision, from records kept elsewhere (a journal), whose
   * {@code awaitingReading} and steady send times {@code sentSteady} outlive it: the caller keeps
   * them for as long as this process hosts the alerts, and the book updates them.
   */
  public DebounceBook(Map<String, NoticePolicy> rules, Map<String, ZoneId> zones, Map<AlertKey, AlertRecord> restored,
      Collection<Silence> restoredSilences, Set<AlertKey> awaitingReading, SteadyTime steady,
      Map<AlertKey, Long> sentSteady) {
    this.steady = steady;
    this.sentSteady = sentSteady;
    this.awaitingReading = awaitingReading;
    this.rules = Map.copyOf(rules);
    this.zones = Map.copyOf(zones);
    this.alerts = new LinkedHashMap<>(restored);
    this.alerts.keySet().removeIf(key -> !this.rules.containsKey(key.rule()));
    this.silences = new Silences(zones.keySet(), rules.keySet(), restoredSilences);
  }

  /** A book whose cooldowns all run on the wall clock, the {@code now} it is given. */
  public DebounceBook(Map<String, NoticePolicy> rules, Map<String, ZoneId> zones, Map<AlertKey, AlertRecord> restored,
      Collection<Silence> restoredSilences) {
    this(rules, zones, restored, restoredSilences, Set.of(), null);
  }

  public DebounceBook(Map<String, NoticePolicy> rules, Map<String, ZoneId> zones, Map<AlertKey, AlertRecord> restored) {
    this(rules, zones, restored, List.of());
  }

  /**
   * How the daemon's Debouncer makes its book at each start: after a process start, restored firing
   * alerts wait for a fresh reading; the cooldowns of what it sends run on {@code steady}.
   */
  public static BiFunction<RestoredAlerts.Start, List<Silence>, DebounceBook> forDaemon(Map<String, NoticePolicy> rules,
      Map<String, ZoneId> zones, SteadyTime steady) {
    return (start, silences) -> new DebounceBook(rules, zones, start.alerts(), silences,
        start.processStart() ? firing(start.alerts()) : Set.of(), steady);
  }

  /** The firing alerts of {@code alerts}. */
  public static Set<AlertKey> firing(Map<AlertKey, AlertRecord> alerts) {
    return alerts.entrySet().stream().filter(e -> e.getValue().firing()).map(Map.Entry::getKey)
        .collect(java.util.stream.Collectors.toSet());
  }

  public Map<AlertKey, AlertRecord> snapshot() {
    return Map.copyOf(alerts);
  }

  public List<Notification> onChange(AlertChange change, Instant now) {
    awaitingReading.remove(change.key());
    NoticePolicy rule = rules.get(change.key().rule());
    if (rule == null) {
      return List.of();
    }
    AlertRecord record = alerts.getOrDefault(change.key(), AlertRecord.fresh());
    if (change instanceof AlertChange.Firing firing) {
      if (record.firing()) {
        alerts.put(change.key(), record.stillFiring(firing.values()));
        return List.of();
      }
      List<Notification> out = new ArrayList<>(releaseHeldResolved(change.key(), rule, now));
      alerts.put(change.key(), alerts.getOrDefault(change.key(), record).firingSince(firing.since(), firing.values()));
      out.addAll(due(change.key(), rule, now));
      return out;
    }
    if (!record.firing()) {
      return List.of();
    }
    boolean announce = record.firingNotified() && rule.sendResolved()
        && silences.muting(change.key(), now).isEmpty();
    boolean quiet = quiet(change.key(), rule, now);
    alerts.put(change.key(), record.resolved(change.values(), announce && quiet));
    if (announce && !quiet) {
      alerts.put(change.key(), alerts.get(change.key()).resolvedSent());
      return List.of(notification(change.key(), rule, Notification.Kind.RESOLVED, change.values(), now));
    }
    return List.of();
  }

  /**
   * Repeats after the cooldown, and what quiet hours held back once they end; a resolved notice
   * they held goes out then unless a silence is in force at that moment.
   */
  public List<Notification> onTick(Instant now) {
    List<Notification> out = new ArrayList<>();
    for (AlertKey key : List.copyOf(alerts.keySet())) {
      NoticePolicy rule = rules.get(key.rule());
      AlertRecord record = alerts.get(key);
      if (record.firing()) {
        out.addAll(awaitingReading.contains(key) ? List.of() : due(key, rule, now));
      } else {
        out.addAll(releaseHeldResolved(key, rule, now));
      }
    }
    return out;
  }

  /**
   * The resolved notice quiet hours held, once they have ended, unless a silence is in force then.
   * A new firing takes it out first, so the ends of quiet hours and of an alert keep their order
   * whether a tick fell between them or not.
   */
  private List<Notification> releaseHeldResolved(AlertKey key, NoticePolicy rule, Instant now) {
    AlertRecord record = alerts.get(key);
    if (record == null || !record.resolvedHeld() || quiet(key, rule, now)) {
      return List.of();
    }
    alerts.put(key, record.resolvedSent());
    return silences.muting(key, now).isEmpty()
        ? List.of(notification(key, rule, Notification.Kind.RESOLVED, record.values(), now))
        : List.of();
  }

  private List<Notification> due(AlertKey key, NoticePolicy rule, Instant now) {
    AlertRecord record = alerts.get(key);
    if ((rule.cooldownHolds(record) && coolingDown(key, record, rule, now)) || quiet(key, rule, now)) {
      return List.of();
    }
    Optional<Silence> silence = silences.muting(key, now);
    if (silence.isPresent()) {
      if (!silence.get().id().equals(record.silencedBy())) {
        newlySilenced.add(key);
      }
      alerts.put(key, record.silenced(silence.get().id()));
      return List.of();
    }
    Notification.Kind kind = record.firingNotified() ? Notification.Kind.REPEAT : Notification.Kind.FIRING;
    alerts.put(key, record.sent(now));
    if (steady != null) {
      sentSteady.put(key, steady.nanos());
    }
    return List.of(notification(key, rule, kind, record.values(), now));
  }

  private boolean coolingDown(AlertKey key, AlertRecord record, NoticePolicy rule, Instant now) {
    if (record.lastSentAt() == null) {
      return false;
    }
    Long sentAt = sentSteady.get(key);
    return sentAt != null
        ? steady.nanos() - sentAt < rule.cooldown().toNanos()
        : now.isBefore(record.lastSentAt().plus(rule.cooldown()));
  }

  public Silences.Outcome addSilence(Silence.Request request, Instant now) {
    return silences.add(request, now, this::newSilenceId);
  }

  /** Ends a silence now; what it held back goes out on the next tick. */
  public Optional<Silence> endSilence(String id, Instant now) {
    return silences.end(id, now);
  }

  /** Forgets the silences that have ended; true when there were any. */
  public boolean expireSilences(Instant now) {
    return silences.expire(now);
  }

  public List<Silence> silences() {
    return silences.list();
  }

  /** The alerts whose notice a silence held back since the last call. */
  public List<AlertKey> takeNewlySilenced() {
    List<AlertKey> taken = List.copyOf(newlySilenced);
    newlySilenced.clear();
    return taken;
  }

  private String newSilenceId() {
    return Silences.newId(silences.list());
  }

  private boolean quiet(AlertKey key, NoticePolicy rule, Instant now) {
    return QuietHoursHold.quiet(rule, zone(key), now);
  }

  private ZoneId zone(AlertKey key) {
    return zones.getOrDefault(key.homeId(), ZoneId.systemDefault());
  }

  private Notification notification(AlertKey key, NoticePolicy rule, Notification.Kind kind, Map<String, String> values,
      Instant now) {
    Map<String, String> all = new HashMap<>(values);
    AlertRecord record = alerts.get(key);
    ZoneId zone = zone(key);
    all.put("time", HH_MM.format(now.atZone(zone)));
    all.put("since", record.since() == null ? all.get("time") : HH_MM.format(record.since().atZone(zone)));
    boolean resolved = kind == Notification.Kind.RESOLVED;
    String title = Template.render(resolved ? rule.resolvedTitle() : rule.title(), all);
    String message = Template.render(resolved ? rule.resolvedMessage() : rule.message(), all);
    return new Notification(UUID.randomUUID().toString(), key.homeId(), key.rule(), kind, rule.severity(), title,
        message, rule.screenToOpen(), all, now, rule.channels(), zone);
  }
}
