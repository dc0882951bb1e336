package dev.powerwatch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.model.ws.Message;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.SinkQueueWithCancel;
import akka.stream.javadsl.Source;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.rules.RuleFixtures;
import dev.powerwatch.support.Json;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The live socket's fan-out on its own: the home filter, the oldest dropped for a slow client, the close. */
class LiveHubTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-11-22T12:00:00+01:00");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** A client that reads only when the test pulls (the queue sink holds 16 before it stops asking). */
  private static SinkQueueWithCancel<Message> client(LiveHub hub, Optional<String> home) {
    return Source.<Message>maybe().via(hub.clientFlow(testKit.system(), home))
        .runWith(Sink.queue(), testKit.system());
  }

  private static Optional<String> next(SinkQueueWithCancel<Message> client) throws Exception {
    return client.pull().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .map(m -> m.asTextMessage().getStrictText());
  }

  @Test
  void aClientSeesOnlyTheHomeItAskedFor() throws Exception {
    LiveHub hub = new LiveHub(Json.mapper(), Metrics.withoutJvm());
    SinkQueueWithCancel<Message> onlyA = client(hub, Optional.of("a"));
    Fixtures.awaitClients(hub, 1);
    hub.publish(RuleFixtures.measurement("b", T0, 100));
    hub.publish(RuleFixtures.measurement("a", T0, 200));
    String text = next(onlyA).orElseThrow();
    assertTrue(text.contains("\"homeId\":\"a\"") && text.contains("\"power\":200.0"), text);
    assertEquals(2, hub.latest().size(), "the latest of every home is kept for /api/state");
  }

  @Test
  void aClientThatFallsBehindLosesItsOldestAndTheNewestArrive() throws Exception {
    Metrics metrics = Metrics.withoutJvm();
    LiveHub hub = new LiveHub(Json.mapper(), metrics);
    SinkQueueWithCancel<Message> slow = client(hub, Optional.empty());
    Fixtures.awaitClients(hub, 1);
    int sent = LiveHub.CLIENT_BUFFER * 5;
    for (int i = 1; i <= sent; i++) {
      hub.publish(RuleFixtures.measurement("a", T0.plusSeconds(i), i));
    }
    int received = 0;
    for (String text = next(slow).orElseThrow(); ; text = next(slow).orElseThrow()) {
      received++;
      if (text.contains("\"power\":" + (double) sent)) {
        break;
      }
    }
    // What the client still gets: the backlog, one batch already drained, the queue sink's 16.
    assertTrue(received <= 2 * LiveHub.CLIENT_BUFFER + 16, "the oldest were dropped: " + received);
    String scrape = new String(metrics.scrape());
    assertTrue(scrape.contains("powerwatch_live_dropped_total " + (double) (sent - received)), scrape);
  }

  @Test
  void closingTheHubEndsEveryClient() throws Exception {
    LiveHub hub = new LiveHub(Json.mapper(), Metrics.withoutJvm());
    SinkQueueWithCancel<Message> client = client(hub, Optional.empty());
    Fixtures.awaitClients(hub, 1);
    hub.closeAll();
    assertEquals(Optional.empty(), next(client), "ended");
    assertEquals(Optional.empty(), next(client(hub, Optional.empty())), "a client after the close ends at once");
  }

  /** Helpers for this test. */
  private static final class Fixtures {
    static void awaitClients(LiveHub hub, int count) {
      dev.powerwatch.Fixtures.awaitTrue(testKit, count + " client(s)", () -> hub.clients() == count);
    }
  }

}
