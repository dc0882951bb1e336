package dev.powerwatch.cluster;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.pubsub.Topic;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import dev.powerwatch.feed.FeedSettings;
import dev.powerwatch.feed.FeedSubscriber;
import dev.powerwatch.feed.FeedStatus;
import dev.powerwatch.feed.LiveFeed;
import dev.powerwatch.support.Secret;
import java.time.Duration;
import akka.actor.typed.ActorSystem;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One Tibber account's live socket on a cluster: one entity per token in the whole cluster, so
 * the cluster keeps to Tibber's two sockets per token. It runs the same {@link LiveFeed} as a
 * single process and hands each home's measurements to that home's entity, wherever it lives,
 * waiting for the homes that keep up before it reads on (backpressure to the socket). Its id is a
 * short hash of the token; the token itself never leaves the node's configuration.
 */
public final class FeedEntity {
  public static final EntityTypeKey<Command> TYPE = EntityTypeKey.create(Command.class, "feed");

  public sealed interface Command extends CborSerializable permits Wake, Stop, GetStatus, Stopped, StatusAnswered {}

  /** Starts the entity where sharding puts it; every node sends it at start. */
  public enum Wake implements Command { INSTANCE }

  /** A hand-over or a leave: the subscriptions end and the socket closes with 1000 before the entity stops. */
  public enum Stop implements Command { INSTANCE }

  public record GetStatus(ActorRef<Summary> replyTo) implements Command {}

  /**
   * The feed's status as it crosses nodes: the homes not subscribed instead of every one that is,
   * so that it stays small for thousands of homes (Artery refuses messages over 256 KiB).
   */
  public record Summary(FeedStatus status, List<String> unsubscribed) implements CborSerializable {
    public Summary {
      unsubscribed = List.copyOf(unsubscribed);
    }

    static Summary of(FeedStatus status, List<String> homeIds) {
      List<String> missing = homeIds.stream().filter(id -> !status.subscribedHomes().contains(id)).toList();
      return new Summary(withHomes(status, List.of()), missing);
    }

    /** The status again, on the asking node that knows the homes. */
    FeedStatus expand(List<String> homeIds) {
      return withHomes(status, homeIds.stream().filter(id -> !unsubscribed.contains(id)).toList());
    }

    private static FeedStatus withHomes(FeedStatus s, List<String> homes) {
      return new FeedStatus(s.state(), s.detail(), s.nextAttemptAt(), s.connectAttempts(), s.consecutiveFailures(),
          homes, s.lastMeasurementAt());
    }
  }

  private record StatusAnswered(FeedStatus status, ActorRef<Summary> replyTo) implements Command {}

  private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(2);

  private record Stopped(LiveFeed.Stopped stopped) implements Command {}

  private FeedEntity() {}

  /** The entity id of a token's feed: not the token, nor anything it could be read back from. */
  public static String idFor(Secret token) {
    return "account-" + ClusterConfig.sha256(token.reveal()).substring(0, 12);
  }

  /** One account's feed as configured: its name, its API and token, the homes it is the way to. */
  public record Account(String name, LiveFeed.Dependencies deps, List<String> homeIds) {
    public Account {
      homeIds = List.copyOf(homeIds);
    }

    public String id() {
      return idFor(deps.token());
    }
  }

  /**
   * @param homeTimeout how long the feed waits for a home to take a batch before it reads on
   * @param live where every node's dashboard and live clients hear the measurements
   * @param homes the way to the homes' entities
   */
  public static Behavior<Command> create(FeedSettings settings, Account account, Duration homeTimeout,
      ActorRef<Topic.Command<LiveTopic.Published>> live, HomeRoutes homes) {
    LiveFeed.Dependencies deps = account.deps();
    List<String> homeIds = account.homeIds();
    return Behaviors.setup(context -> {
      deps.metrics().cluster().entityStarted(TYPE.name());
      List<FeedSubscriber> subscribers = List.of(toHomes(homes, homeTimeout),
          LiveTopic.publisher(live));
      ActorRef<LiveFeed.Command> feed = context.spawn(Behaviors.supervise(
              LiveFeed.create(settings, deps, homeIds, subscribers))
          .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 0.2)),
          "live-feed");
      ActorRef<LiveFeed.Stopped> stopped = context.messageAdapter(LiveFeed.Stopped.class, Stopped::new);
      return Behaviors.receive(Command.class)
          .onMessageEquals(Wake.INSTANCE, Behaviors::same)
          .onMessage(GetStatus.class, msg -> {
            context.ask(FeedStatus.class, feed, STATUS_TIMEOUT, LiveFeed.GetStatus::new,
                (status, failure) -> new StatusAnswered(status, msg.replyTo()));
            return Behaviors.same();
          })
          .onMessage(StatusAnswered.class, msg -> {
            if (msg.status() != null) {
              msg.replyTo().tell(Summary.of(msg.status(), homeIds));
            }
            return Behaviors.same();
          })
          .onMessageEquals(Stop.INSTANCE, () -> {
            deps.metrics().cluster().handedOver(TYPE.name());
            feed.tell(new LiveFeed.Stop(stopped));
            return Behaviors.same();
          })
          .onMessage(Stopped.class, msg -> Behaviors.stopped())
          .build();
    });
  }

  /**
   * A remembered feed whose token is in no account of this configuration (the token was replaced,
   * the account removed): it must not open a socket, so it asks its shard to forget it.
   */
  public static Behavior<Command> retired(String feedId, ActorRef<ClusterSharding.ShardCommand> shard) {
    return Behaviors.setup(context -> {
      context.getLog().info("Feed {} belongs to no configured account (its token was replaced or its account"
          + " removed); it is forgotten", feedId);
      shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
      return Behaviors.receive(Command.class)
          .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
          .onAnyMessage(msg -> Behaviors.same())
          .build();
    });
  }

  /**
   * The accounts' feeds as this node's status queries see them, asked wherever they run, as one
   * status: the state of the account worst off, the homes subscribed by all. Until this node has
   * started sharding, or while a feed moves, that feed is connecting as far as it can tell.
   */
  public static Behavior<LiveFeed.Command> statusProxy(List<Account> accounts) {
    return Behaviors.setup(context -> Behaviors.receive(LiveFeed.Command.class)
        .onMessage(LiveFeed.GetStatus.class, msg -> {
          Map<String, CompletableFuture<FeedStatus>> answers = new LinkedHashMap<>();
          accounts.forEach(account -> answers.put(account.name(), statusOf(context.getSystem(), account)));
          CompletableFuture.allOf(answers.values().toArray(CompletableFuture[]::new)).thenRun(() -> {
            Map<String, FeedStatus> statuses = new LinkedHashMap<>();
            answers.forEach((name, answer) -> statuses.put(name, answer.join()));
            msg.replyTo().tell(combined(statuses));
          });
          return Behaviors.same();
        })
        .onMessage(LiveFeed.Stop.class, msg -> {
          msg.replyTo().tell(LiveFeed.Stopped.INSTANCE);
          return Behaviors.same();
        })
        .build());
  }

  private static CompletableFuture<FeedStatus> statusOf(ActorSystem<?> system, Account account) {
    try {
      return ClusterSharding.get(system).entityRefFor(TYPE, account.id())
          .<Summary>ask(GetStatus::new, STATUS_TIMEOUT).toCompletableFuture()
          .thenApply(summary -> summary.expand(account.homeIds()))
          .exceptionally(failure -> connecting("its feed is moving to another node"));
    } catch (IllegalStateException | IllegalArgumentException notYet) {
      return CompletableFuture.completedFuture(connecting("joining the cluster"));
    }
  }

  private static FeedStatus connecting(String detail) {
    return new FeedStatus(FeedStatus.State.CONNECTING, detail, null, 0, 0, List.of(), null);
  }

  /** Several accounts' feeds as one: the worst state leads, the homes are all the subscribed ones. */
  static FeedStatus combined(Map<String, FeedStatus> byAccount) {
    if (byAccount.size() == 1) {
      return byAccount.values().iterator().next();
    }
    Map.Entry<String, FeedStatus> worst = byAccount.entrySet().stream()
        .max(Comparator.comparingInt(entry -> TROUBLE.indexOf(entry.getValue().state()))).orElseThrow();
    FeedStatus lead = worst.getValue();
    long live = byAccount.values().stream().filter(s -> s.state() == FeedStatus.State.LIVE).count();
    String detail = lead.state() == FeedStatus.State.LIVE ? lead.detail()
        : "account " + worst.getKey() + ": " + lead.detail() + " (" + live + " of " + byAccount.size() + " live)";
    List<String> homes = byAccount.values().stream().flatMap(s -> s.subscribedHomes().stream()).toList();
    boolean allMeasured = byAccount.values().stream().allMatch(s -> s.lastMeasurementAt() != null);
    Instant oldestLast = allMeasured ? byAccount.values().stream().map(FeedStatus::lastMeasurementAt)
        .min(Comparator.naturalOrder()).orElse(null) : null;
    return new FeedStatus(lead.state(), detail, lead.nextAttemptAt(),
        byAccount.values().stream().mapToInt(FeedStatus::connectAttempts).sum(),
        byAccount.values().stream().mapToInt(FeedStatus::consecutiveFailures).max().orElse(0), homes, oldestLast);
  }

  /** The states from fine to worst. */
  private static final List<FeedStatus.State> TROUBLE = List.of(FeedStatus.State.LIVE, FeedStatus.State.CONNECTING,
      FeedStatus.State.BACKING_OFF, FeedStatus.State.RATE_LIMITED, FeedStatus.State.UNAUTHORIZED);

  /**
   * Each home's part of a batch to its entity, wherever it lives (see {@link HomesOfAccount});
   * dropped once this node hands its entities over (see {@link HomeRoutes}), as the feed itself is
   * about to be.
   */
  static FeedSubscriber toHomes(HomeRoutes routes, Duration homeTimeout) {
    return new HomesOfAccount((homeId, part) -> routes.<Done>ask(homeId,
        replyTo -> new HomeEntity.Observe(part, replyTo), homeTimeout));
  }
}
