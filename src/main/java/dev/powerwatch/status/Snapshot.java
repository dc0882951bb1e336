package dev.powerwatch.status;

import dev.powerwatch.debounce.AlertKey;
import dev.powerwatch.debounce.AlertRecord;
import dev.powerwatch.debounce.NoticePolicy;
import dev.powerwatch.debounce.Silence;
import dev.powerwatch.feed.FeedStatus;
import dev.powerwatch.notify.Notifier;
import dev.powerwatch.rules.EnergyStatus;
import dev.powerwatch.tibber.Home;
import dev.powerwatch.tibber.Measurement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything the daemon can say about itself at one moment, asked of its actors. */
public record Snapshot(
    List<Home> homes,
    Map<String, NoticePolicy> policies,
    Optional<String> discovering,
    Optional<FeedStatus> feed,
    Map<AlertKey, AlertRecord> alerts,
    List<Silence> silences,
    Optional<Notifier.Status> notifier,
    List<String> stateProblems,
    Map<String, Measurement> latest,
    Map<String, List<EnergyStatus>> energy,
    Optional<BrokerStatus> broker,
    Optional<ClusterStatus> cluster) {

  public Snapshot(List<Home> homes, Map<String, NoticePolicy> policies, Optional<String> discovering,
      Optional<FeedStatus> feed, Map<AlertKey, AlertRecord> alerts, List<Silence> silences,
      Optional<Notifier.Status> notifier, List<String> stateProblems, Map<String, Measurement> latest,
      Map<String, List<EnergyStatus>> energy, Optional<BrokerStatus> broker) {
    this(homes, policies, discovering, feed, alerts, silences, notifier, stateProblems, latest, energy, broker,
        Optional.empty());
  }

  /** Why the daemon is not ready (empty when it is), in the words of /ready. */
  public List<String> notReady() {
    List<String> reasons = new ArrayList<>();
    cluster.ifPresent(c -> reasons.addAll(c.notReady()));
    if (discovering.isPresent()) {
      reasons.add("DISCOVERING: " + discovering.get());
    } else if (feed.isEmpty()) {
      reasons.add("DISCOVERING: finding the homes");
    } else {
      feedReason(feed.get()).ifPresent(reasons::add);
    }
    stateProblems.forEach(p -> reasons.add("STATE_DIR_UNWRITABLE: " + p));
    return reasons;
  }

  private Optional<String> feedReason(FeedStatus status) {
    return switch (status.state()) {
      case LIVE -> homes.stream().map(Home::id).filter(id -> !status.subscribedHomes().contains(id)).findFirst()
          .map(id -> "SUBSCRIBING: home " + id + " has no live subscription yet");
      case UNAUTHORIZED -> Optional.of("UNAUTHORIZED: " + status.detail());
      case RATE_LIMITED -> Optional.of("RATE_LIMITED until " + status.nextAttemptAt() + ": " + status.detail());
      case BACKING_OFF -> Optional.of("BACKING_OFF until " + status.nextAttemptAt() + ": " + status.detail());
      case CONNECTING -> Optional.of("CONNECTING: " + status.detail());
    };
  }
}
