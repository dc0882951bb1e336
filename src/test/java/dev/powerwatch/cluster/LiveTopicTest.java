package dev.powerwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.pubsub.Topic;
import akka.serialization.SerializationExtension;
import dev.powerwatch.rules.RuleFixtures;
import dev.powerwatch.tibber.Measurement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The feed's batches reach the topic in messages small enough for Artery (256 KiB at most). */
class LiveTopicTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aFullBatchGoesOutInPiecesArteryTakes() throws Exception {
    List<Measurement> batch = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      batch.add(RuleFixtures.measurement("home-" + i, RuleFixtures.T0.plusSeconds(i), 1000 + i, 12.5));
    }
    TestProbe<Topic.Command<LiveTopic.Published>> topic = testKit.createTestProbe();
    AtomicBoolean done = new AtomicBoolean();
    LiveTopic.publisher(topic.ref()).deliver(batch, () -> done.set(true));
    assertTrue(done.get(), "the feed reads on at once");
    List<Measurement> received = new ArrayList<>();
    var serialization = SerializationExtension.get(testKit.system().classicSystem());
    for (int i = 0; i < 256 / LiveTopic.PER_MESSAGE; i++) {
      Topic.Command<LiveTopic.Published> message = topic.receiveMessage();
      LiveTopic.Published published = (LiveTopic.Published) ((akka.actor.typed.internal.pubsub.TopicImpl.Publish<?>)
          message).message();
      int bytes = serialization.serialize(published).get().length;
      assertTrue(bytes < 128 * 1024, bytes + " bytes");
      received.addAll(published.batch());
    }
    assertEquals(batch, received, "every measurement, in order");
  }
}
