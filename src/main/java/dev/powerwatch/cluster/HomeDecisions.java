package dev.powerwatch.cluster;

import dev.powerwatch.debounce.AlertChange;
import dev.powerwatch.debounce.AlertKey;
import dev.powerwatch.debounce.DebounceBook;
import dev.powerwatch.debounce.NoticePolicy;
import dev.powerwatch.notify.Notification;
import dev.powerwatch.support.SteadyTime;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A home's debounce decisions as events to persist: the single process's {@link DebounceBook}
 * run on the ledger's alert records; what it changed and the notices it decided come back as
 * events, each notice with the channels it must reach. The cooldowns of the notices this host
 * sends run on steady time, as in the single process: a step of the wall clock neither ends one
 * early nor stretches it. Those sent before the home came here run on the journal's wall times.
 */
public final class HomeDecisions {
  private final String homeId;
  private final Map<String, ZoneId> zone;
  private final Map<String, NoticePolicy> policies;
  private final List<String> channels;
  private final SteadyTime steady;
  private final Map<AlertKey, Long> sentSteady = new HashMap<>();
  private final Set<AlertKey> awaitingReading = new HashSet<>();

  /**
   * @param policies each rule's notice policy, by rule name
   * @param channels the configured channel names, for notices whose rule names none
   */
  public HomeDecisions(String homeId, ZoneId zone, Map<String, NoticePolicy> policies, List<String> channels,
      SteadyTime steady) {
    this.homeId = homeId;
    this.zone = Map.of(homeId, zone);
    this.policies = Map.copyOf(policies);
    this.channels = List.copyOf(channels);
    this.steady = steady;
  }

  /**
   * The alerts the journal says fire when this host takes the home: as after a process start, none
   * of their notices goes out until the rules have seen a fresh reading (the time they were down,
   * or on another node, may have ended them).
   */
  public void onRecovered(HomeLedger ledger) {
    awaitingReading.addAll(DebounceBook.firing(ledger.alertsOf(homeId)));
  }

  public List<HomeEvent> onChange(HomeLedger ledger, AlertChange change, Instant now) {
    DebounceBook book = book(ledger);
    return events(ledger, book, book.onChange(change, now));
  }

  /** Repeats after a cooldown and notices quiet hours held; nothing to do while no alert fires or waits. */
  public List<HomeEvent> onTick(HomeLedger ledger, Instant now) {
    if (ledger.alerts().values().stream().noneMatch(r -> r.firing() || r.resolvedHeld())) {
      return List.of();
    }
    DebounceBook book = book(ledger);
    return events(ledger, book, book.onTick(now));
  }

  private DebounceBook book(HomeLedger ledger) {
    return new DebounceBook(policies, zone, ledger.alertsOf(homeId), ledger.silences().values(), awaitingReading,
        steady, sentSteady);
  }

  private List<HomeEvent> events(HomeLedger ledger, DebounceBook book, List<Notification> notices) {
    List<HomeEvent> events = new ArrayList<>();
    book.snapshot().entrySet().stream()
        .sorted(Comparator.comparing(e -> e.getKey().rule()))
        .filter(e -> !e.getValue().equals(ledger.alerts().get(e.getKey().rule())))
        .forEach(e -> events.add(new HomeEvent.AlertRecorded(e.getKey().rule(), e.getValue())));
    for (Notification notice : notices) {
      List<String> targets = targets(notice);
      if (!targets.isEmpty()) {
        events.add(new HomeEvent.NoticeQueued(notice, targets));
      }
    }
    return events;
  }

  private List<String> targets(Notification notice) {
    return notice.channels().isEmpty() ? channels : notice.channels().stream().filter(channels::contains).toList();
  }
}
