package dev.powerwatch.cluster;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.cluster.ClusterEvent.CurrentClusterState;
import akka.cluster.typed.Cluster;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.pubsub.Topic;
import akka.cluster.sharding.ShardRegion;
import akka.cluster.sharding.typed.ClusterShardingSettings;
import akka.cluster.sharding.typed.GetShardRegionState;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import dev.powerwatch.feed.FeedSettings;
import dev.powerwatch.feed.FeedSubscriber;
import dev.powerwatch.metrics.ClusterMetrics;
import dev.powerwatch.status.ClusterParts;
import dev.powerwatch.status.ClusterStatus;
import dev.powerwatch.support.Failures;
import dev.powerwatch.tibber.Home;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * This node's part of the cluster, started once the homes are known: the journal's tables where
 * they are missing, then sharding for the homes and the account's feed (both remembered, so they
 * come back on another node when theirs is lost), and a wake-up for the feed.
 */
public final class ClusterNode {
  public sealed interface Command {}

  private record SchemaReady() implements Command {}

  private record SchemaFailed(Throwable cause) implements Command {}

  private enum Retry implements Command { INSTANCE }

  private enum Report implements Command { INSTANCE }

  private record RegionState(String type, Optional<ShardRegion.CurrentShardRegionState> state) implements Command {}

  static final Duration SCHEMA_RETRY = Duration.ofSeconds(5);
  private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(2);
  static final Duration METRICS_EVERY = Duration.ofSeconds(5);

  /**
   * @param local this node's own subscribers of the live measurements (the dashboard's hub, --print)
   */
  public record Parts(FeedSettings feed, List<FeedEntity.Account> accounts, List<Home> homes, HomeEntity.Parts home,
      List<FeedSubscriber> local, boolean createSchema, Duration homeTimeout) {}

  private ClusterNode() {}

  /** What /ready, /api/state and /api/silences tell of the cluster on this node. */
  public static ClusterParts statusParts(ActorSystem<?> system, List<String> homeIds, Set<String> rules, Clock clock) {
    return new ClusterParts(() -> status(system), () -> homeViews(system, homeIds),
        new ClusterSilences(system, homeIds, rules, clock));
  }

  /** Each home as its host tells, asked wherever it lives; those that do not answer in time are left out. */
  static CompletionStage<Map<String, ClusterParts.HomeView>> homeViews(ActorSystem<?> system, List<String> homeIds) {
    HomeRoutes homes = HomeRoutes.of(system);
    List<CompletableFuture<Optional<HomeEntity.Alerts>>> answers = new ArrayList<>();
    for (String id : homeIds) {
      try {
        answers.add(homes.<HomeEntity.Alerts>ask(id, HomeEntity.GetAlerts::new, STATUS_TIMEOUT).toCompletableFuture()
            .thenApply(Optional::of).exceptionally(failure -> Optional.empty()));
      } catch (IllegalStateException | IllegalArgumentException notStarted) {
        return CompletableFuture.completedFuture(Map.of());
      }
    }
    return CompletableFuture.allOf(answers.toArray(new CompletableFuture[0])).thenApply(done -> {
      Map<String, ClusterParts.HomeView> views = new HashMap<>();
      answers.forEach(a -> a.join().ifPresent(alerts ->
          views.put(alerts.homeId(), new ClusterParts.HomeView(alerts.host(), alerts.alerts(),
              alerts.silences()))));
      return views;
    });
  }

  /** This node's view of the membership, for /ready and /api/state. */
  public static ClusterStatus status(ActorSystem<?> system) {
    Cluster cluster = Cluster.get(system);
    CurrentClusterState state = cluster.state();
    List<ClusterStatus.Member> members = StreamSupport.stream(state.getMembers().spliterator(), false)
        .map(m -> new ClusterStatus.Member(m.address().toString(), m.status().toString())).toList();
    List<String> unreachable = state.getUnreachable().stream().map(m -> m.address().toString()).sorted().toList();
    return new ClusterStatus(cluster.selfMember().address().toString(), cluster.selfMember().status().toString(),
        members, unreachable);
  }

  public static Behavior<Command> create(Parts parts) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      if (!parts.createSchema()) {
        return started(context, parts);
      }
      createSchema(context);
      return Behaviors.receive(Command.class)
          .onMessage(SchemaReady.class, msg -> started(context, parts))
          .onMessage(SchemaFailed.class, msg -> {
            context.getLog().warn("Cannot create the journal's tables yet ({}); trying again in {} s",
                Failures.rootCause(msg.cause()), SCHEMA_RETRY.toSeconds());
            timers.startSingleTimer(Retry.INSTANCE, SCHEMA_RETRY);
            return Behaviors.same();
          })
          .onMessageEquals(Retry.INSTANCE, () -> {
            createSchema(context);
            return Behaviors.same();
          })
          .build();
    }));
  }

  private static void createSchema(ActorContext<Command> context) {
    context.pipeToSelf(JournalConfig.createSchema(context.getSystem()),
        (Done done, Throwable failure) -> failure == null ? new SchemaReady() : new SchemaFailed(failure));
  }

  private static Behavior<Command> started(ActorContext<Command> context, Parts parts) {
    ClusterSharding sharding = ClusterSharding.get(context.getSystem());
    ClusterShardingSettings remembered = ClusterShardingSettings.create(context.getSystem()).withRememberEntities(true);
    Map<String, Home> homes = parts.homes().stream().collect(Collectors.toMap(Home::id, Function.identity()));
    sharding.init(Entity.of(HomeEntity.TYPE, entity -> HomeEntity.create(
            homes.getOrDefault(entity.getEntityId(), new Home(entity.getEntityId(), null, null, true)), parts.home()))
        .withSettings(remembered)
        .withStopMessage(HomeEntity.HandOver.INSTANCE));
    ActorRef<Topic.Command<LiveTopic.Published>> live = context.spawn(LiveTopic.create(), "live-topic");
    context.spawn(LiveTopic.relay(live, parts.local()), "live-relay");
    Map<String, FeedEntity.Account> accounts = parts.accounts().stream()
        .collect(Collectors.toMap(FeedEntity.Account::id, Function.identity()));
    HomeRoutes homeRoutes = HomeRoutes.of(context.getSystem());
    sharding.init(Entity.of(FeedEntity.TYPE, entity -> Optional.ofNullable(accounts.get(entity.getEntityId()))
            .map(account -> FeedEntity.create(parts.feed(), account, parts.homeTimeout(), live, homeRoutes))
            .orElseGet(() -> FeedEntity.retired(entity.getEntityId(), entity.getShard())))
        .withSettings(remembered)
        .withStopMessage(FeedEntity.Stop.INSTANCE));
    accounts.keySet().forEach(feedId -> sharding.entityRefFor(FeedEntity.TYPE, feedId).tell(FeedEntity.Wake.INSTANCE));
    context.getLog().info("Sharing {} home(s) and the feeds of {} account(s) ({}) with the cluster", homes.size(),
        accounts.size(), parts.accounts().stream().map(a -> a.name() + " " + a.id()).collect(Collectors.joining(", ")));
    return reporting(context, parts.home().metrics());
  }

  /** Membership and this node's share of the entities in /metrics, every {@link #METRICS_EVERY}. */
  private static Behavior<Command> reporting(ActorContext<Command> context, ClusterMetrics metrics) {
    ClusterSharding sharding = ClusterSharding.get(context.getSystem());
    return Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Report.INSTANCE, Duration.ZERO, METRICS_EVERY);
      return Behaviors.receive(Command.class)
          .onMessageEquals(Report.INSTANCE, () -> {
            ClusterStatus status = status(context.getSystem());
            metrics.members(status.members().stream().collect(Collectors.groupingBy(ClusterStatus.Member::status,
                Collectors.counting())), status.unreachable().size());
            for (EntityTypeKey<?> type : List.of(HomeEntity.TYPE, FeedEntity.TYPE)) {
              context.ask(ShardRegion.CurrentShardRegionState.class, sharding.shardState(), STATUS_TIMEOUT,
                  replyTo -> new GetShardRegionState(type, replyTo),
                  (state, failure) -> new RegionState(type.name(), Optional.ofNullable(state)));
            }
            return Behaviors.same();
          })
          .onMessage(RegionState.class, msg -> {
            msg.state().ifPresent(state -> metrics.hosted(msg.type(), state.getShards().size(),
                state.getShards().stream().mapToInt(shard -> shard.getEntityIds().size()).sum()));
            return Behaviors.same();
          })
          .build();
    });
  }
}
