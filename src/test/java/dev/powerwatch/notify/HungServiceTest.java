package dev.powerwatch.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.broker.MqttSettings;
import dev.powerwatch.support.Json;
import dev.powerwatch.support.Secret;
import dev.powerwatch.tibber.TibberSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A push service that hangs: what the daemon gave up on must not go out later behind its back. */
class HungServiceTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** The first request of a JVM takes longer than these tests' short timeouts: the pool is warmed up first. */
  @BeforeAll
  static void warmUp() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    server.createContext("/hook", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    try {
      assertInstanceOf(Outcome.Delivered.class, send(webhook("http://127.0.0.1:" + server.getAddress().getPort()
          + "/hook"), "warm-up", Duration.ofSeconds(10)).get(20, TimeUnit.SECONDS));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void anAttemptThatTimedOutIsNotSentLaterWhenTheServiceRecovers() throws Exception {
    CountDownLatch hang = new CountDownLatch(1);
    List<String> accepted = new CopyOnWriteArrayList<>();
    boolean[] hanging = {true};
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/hook", exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        String notice = Json.mapper().readTree(body.readAllBytes()).path("id").asText();
        if (hanging[0]) {
          awaitQuietly(hang);
        } else {
          accepted.add(notice);
          exchange.sendResponseHeaders(200, -1);
        }
      } finally {
        exchange.close();
      }
    });
    server.start();
    try {
      Channel webhook = webhook("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
      List<CompletableFuture<Outcome>> attempts = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        attempts.add(send(webhook, "given-up-" + i, Duration.ofMillis(300)));
      }
      for (CompletableFuture<Outcome> attempt : attempts) {
        assertInstanceOf(Outcome.Retry.class, attempt.get(10, TimeUnit.SECONDS));
      }
      hanging[0] = false;
      hang.countDown();
      for (String after : List.of("after-1", "after-2")) {
        assertInstanceOf(Outcome.Delivered.class, send(webhook, after, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS));
      }
      assertEquals(List.of("after-1", "after-2"), accepted,
          "only what was sent after the service recovered; nothing the Notifier had given up on");
    } finally {
      hang.countDown();
      server.stop(0);
    }
  }

  @Test
  void anAttemptMadeWhileConnectionsWereRefusedIsNotSentLaterWhenTheServiceListensAgain() throws Exception {
    int port = dev.powerwatch.LoopbackHttp.freePort();
    Channel webhook = webhook("http://127.0.0.1:" + port + "/hook");
    for (int i = 0; i < 6; i++) {
      assertInstanceOf(Outcome.Retry.class, send(webhook, "given-up-" + i, Duration.ofMillis(300))
          .get(10, TimeUnit.SECONDS));
    }
    List<String> accepted = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 32);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/hook", exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        accepted.add(Json.mapper().readTree(body.readAllBytes()).path("id").asText());
        exchange.sendResponseHeaders(200, -1);
      } finally {
        exchange.close();
      }
    });
    server.start();
    try {
      assertInstanceOf(Outcome.Delivered.class, send(webhook, "after", Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS));
      assertEquals(List.of("after"), accepted, "nothing the Notifier had given up on while the service refused");
    } finally {
      server.stop(0);
    }
  }

  private static CompletableFuture<Outcome> send(Channel channel, String id, Duration timeout) {
    Notification notice = new Notification(id, "home-1", "high-power", Notification.Kind.FIRING, Severity.CRITICAL,
        "High power", "9 100 W", "CONSUMPTION", Map.of(), Instant.parse("2026-11-22T12:00:00Z"), List.of());
    return ChannelSender.send(testKit.system(), channel, notice, timeout, Clock.systemUTC()).toCompletableFuture();
  }

  private static Channel webhook(String url) {
    TibberSettings tibber = new TibberSettings(URI.create("http://127.0.0.1:1/v1-beta/gql"), Secret.of("unused"),
        List.of(), Duration.ofSeconds(5), "powerwatch/test akka-http/10.5.3");
    return new ChannelLoader().load(ConfigFactory.parseString("notify.channels = [{ type = webhook, url = \"" + url
        + "\" }]").withFallback(ConfigFactory.parseString("notify { retry-min = 50ms, retry-max = 200ms,"
        + " give-up-after = 1h, request-timeout = 5s }")), new ChannelFactory.Context(tibber, MqttSettings.disabled(),
        Json.mapper())).channels().get(0);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
