package dev.powerwatch.cluster;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * This node's way to the homes' entities, wherever they live: the feed's readings, the status
 * queries (the dashboard's, the MQTT bridge's) and the silences all ask through it. Once the node's
 * stop hands its entities over (Akka's before-cluster-shutdown phase) nothing more is sent: a
 * message to a home then waits in the shard region for the home's next host, and a lone node has
 * none, so its stop waited out the region's timeout. One per actor system (an Akka extension),
 * made on first use, at the latest when the node joins the homes' sharding.
 */
public final class HomeRoutes implements Extension {
  private static final Id ID = new Id();

  private static final class Id extends ExtensionId<HomeRoutes> {
    @Override
    public HomeRoutes createExtension(ActorSystem<?> system) {
      return new HomeRoutes(system);
    }
  }

  /** Why an ask was not sent. */
  public static final class NodeHandingOver extends IllegalStateException {
    NodeHandingOver() {
      super("this node is stopping and has handed its homes over");
    }
  }

  private final ClusterSharding sharding;
  private final AtomicBoolean handingOver = new AtomicBoolean();

  private HomeRoutes(ActorSystem<?> system) {
    this.sharding = ClusterSharding.get(system);
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeClusterShutdown(), "leave-the-homes", () -> {
      handingOver.set(true);
      return CompletableFuture.completedFuture(Done.done());
    });
  }

  public static HomeRoutes of(ActorSystem<?> system) {
    return ID.apply(system);
  }

  /** Asks the home's entity; fails with {@link NodeHandingOver} once this node hands its homes over. */
  public <T> CompletionStage<T> ask(String homeId, Function<ActorRef<T>, HomeEntity.Command> message,
      Duration timeout) {
    if (handingOver.get()) {
      return CompletableFuture.failedFuture(new NodeHandingOver());
    }
    return sharding.entityRefFor(HomeEntity.TYPE, homeId).ask(message::apply, timeout);
  }
}
