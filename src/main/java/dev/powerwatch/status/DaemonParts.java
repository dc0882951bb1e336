package dev.powerwatch.status;

import akka.actor.typed.ActorRef;
import dev.powerwatch.debounce.Debouncer;
import dev.powerwatch.debounce.NoticePolicy;
import dev.powerwatch.feed.LiveFeed;
import dev.powerwatch.notify.Notifier;
import dev.powerwatch.rules.HomeMonitor;
import dev.powerwatch.tibber.Home;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * What the guardian has started so far, for the HTTP server to ask: the homes it watches (empty
 * while it still discovers them, with the reason in {@code discovering}), each rule's notice policy,
 * and its children; the MQTT link's status when there is one, and the cluster as this node sees it
 * when it is one (its feed is then a stand-in that asks the account's feed wherever it runs).
 */
public record DaemonParts(
    List<Home> homes,
    Map<String, NoticePolicy> policies,
    Optional<String> discovering,
    Optional<ActorRef<LiveFeed.Command>> feed,
    Optional<ActorRef<Debouncer.Command>> debouncer,
    Optional<ActorRef<Notifier.Command>> notifier,
    Map<String, ActorRef<HomeMonitor.Command>> monitors,
    Optional<Supplier<CompletionStage<BrokerStatus>>> broker,
    Optional<ClusterParts> cluster) {

  public DaemonParts {
    homes = List.copyOf(homes);
    policies = Map.copyOf(policies);
    monitors = Map.copyOf(monitors);
  }

  public DaemonParts(List<Home> homes, Map<String, NoticePolicy> policies, Optional<String> discovering,
      Optional<ActorRef<LiveFeed.Command>> feed, Optional<ActorRef<Debouncer.Command>> debouncer,
      Optional<ActorRef<Notifier.Command>> notifier, Map<String, ActorRef<HomeMonitor.Command>> monitors) {
    this(homes, policies, discovering, feed, debouncer, notifier, monitors, Optional.empty(), Optional.empty());
  }
}
