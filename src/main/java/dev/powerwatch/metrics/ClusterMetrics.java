package dev.powerwatch.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;

/** A cluster node's own metrics: membership, its share of the entities, and the journal's writes. */
public final class ClusterMetrics {
  /** Akka's member statuses, each reported (0 when no member has it). */
  static final List<String> STATUSES = List.of("joining", "weaklyup", "up", "leaving", "exiting", "down", "removed");

  private final Gauge members;
  private final Gauge unreachable;
  private final Gauge shards;
  private final Gauge entities;
  private final Counter entityStarts;
  private final Counter handOvers;
  private final Histogram journalWrites;

  ClusterMetrics(PrometheusRegistry registry) {
    members = Gauge.builder().name("powerwatch_cluster_members")
        .help("Members of the cluster by status, as this node sees them").labelNames("status").register(registry);
    unreachable = Gauge.builder().name("powerwatch_cluster_unreachable_members")
        .help("Members this node cannot reach now").register(registry);
    shards = Gauge.builder().name("powerwatch_cluster_shards")
        .help("Shards hosted on this node, by entity type").labelNames("type").register(registry);
    entities = Gauge.builder().name("powerwatch_cluster_entities")
        .help("Entities (homes, feeds) hosted on this node, by type").labelNames("type").register(registry);
    entityStarts = Counter.builder().name("powerwatch_cluster_entity_starts_total")
        .help("Entities started on this node: at start, and each time a rebalance or a lost node moved one here")
        .labelNames("type").register(registry);
    handOvers = Counter.builder().name("powerwatch_cluster_handovers_total")
        .help("Entities this node handed over to another: a rebalance moved their shard, or this node left")
        .labelNames("type").register(registry);
    journalWrites = Histogram.builder().name("powerwatch_journal_write_seconds")
        .help("Time from asking the journal to write a home's events to their being written")
        .classicOnly().classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
        .register(registry);
  }

  /** @param byStatus member counts by Akka's status name (Up, Joining ...) */
  public void members(Map<String, Long> byStatus, int unreachableCount) {
    STATUSES.forEach(status -> members.labelValues(status).set(0));
    byStatus.forEach((status, count) -> members.labelValues(status.toLowerCase(java.util.Locale.ROOT)).set(count));
    unreachable.set(unreachableCount);
  }

  public void hosted(String type, int shardCount, int entityCount) {
    shards.labelValues(type).set(shardCount);
    entities.labelValues(type).set(entityCount);
  }

  public void entityStarted(String type) {
    entityStarts.labelValues(type).inc();
  }

  public void handedOver(String type) {
    handOvers.labelValues(type).inc();
  }

  public void journalWrite(long nanos) {
    journalWrites.observe(nanos / 1e9);
  }
}
