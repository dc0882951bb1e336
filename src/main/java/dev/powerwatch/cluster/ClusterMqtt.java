package dev.powerwatch.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.ClusterSingleton;
import akka.cluster.typed.SingletonActor;
import dev.powerwatch.mqtt.MqttBridge;
import dev.powerwatch.status.BrokerStatus;
import java.time.Duration;
import java.util.List;

/**
 * MQTT on a cluster: one bridge in the whole cluster (a cluster singleton), so the broker and Home
 * Assistant hear of each home once, from whichever node runs it; when that node goes, the bridge
 * starts on another. It hears every home's measurements from the live topic, as the dashboards do.
 */
public final class ClusterMqtt {
  public sealed interface Command extends CborSerializable permits GetStatus {}

  /** The broker link as the bridge sees it, wherever it runs. */
  public record GetStatus(ActorRef<BrokerStatus> replyTo) implements Command {}

  private ClusterMqtt() {}

  /** Starts the bridge on one node of the cluster; every node calls this with the bridge it would run. */
  public static ActorRef<Command> start(ActorSystem<?> system, Behavior<MqttBridge.Command> bridge) {
    return ClusterSingleton.get(system).init(SingletonActor.of(
        Behaviors.supervise(host(bridge))
            .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 0.2)),
        "mqtt"));
  }

  static Behavior<Command> host(Behavior<MqttBridge.Command> bridgeBehavior) {
    return Behaviors.setup(context -> {
      ActorRef<MqttBridge.Command> bridge = context.spawn(bridgeBehavior, "bridge");
      var topic = context.spawn(LiveTopic.create(), "live-topic");
      context.spawn(LiveTopic.relay(topic, List.of((batch, done) -> bridge.tell(new MqttBridge.Measured(batch, done)))),
          "live-relay");
      return Behaviors.receive(Command.class)
          .onMessage(GetStatus.class, msg -> {
            bridge.tell(new MqttBridge.GetStatus(msg.replyTo()));
            return Behaviors.same();
          })
          .build();
    });
  }
}
