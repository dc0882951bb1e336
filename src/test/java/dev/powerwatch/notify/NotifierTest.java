package dev.powerwatch.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.model.HttpRequest;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.Fixtures;
import dev.powerwatch.support.Json;
import dev.powerwatch.support.Secret;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Delivery semantics: outbox first, retries, Retry-After, permanent refusals, restarts. */
class NotifierTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @TempDir
  Path stateDir;
  private RecordingServer server;
  private RecordingServer other;

  @BeforeEach
  void start() throws Exception {
    server = new RecordingServer(testKit.system());
    other = new RecordingServer(testKit.system());
  }

  private final List<ActorRef<Notifier.Command>> started = new java.util.ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(testKit::stop);
    server.close();
    other.close();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private Channel webhook(String name, RecordingServer target) {
    String config = "notify { retry-min = 50ms, retry-max = 200ms, give-up-after = 1h, request-timeout = 5s,"
        + " channels = [{ type = webhook, name = " + name + ", url = \"" + target.url() + "/hook?key=hook-secret\" }] }";
    return new ChannelLoader().load(ConfigFactory.parseString(config),
        new ChannelFactory.Context(null, Json.mapper())).channels().get(0);
  }

  private ActorRef<Notifier.Command> notifier(Channel... channels) {
    NotifySettings settings = new NotifySettings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofHours(1),
        Duration.ofSeconds(5), List.of(channels));
    ActorRef<Notifier.Command> notifier = testKit.spawn(Behaviors.supervise(
            Notifier.create(settings, new Outbox(stateDir, Json.mapper(), Clock.systemUTC()), Clock.systemUTC(),
                new java.util.Random(5)))
        .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(50), Duration.ofSeconds(1), 0.2)));
    started.add(notifier);
    return notifier;
  }

  private static Notification notice(String title) {
    return new Notification(UUID.randomUUID().toString(), "home-1", "high", Notification.Kind.FIRING,
        dev.powerwatch.rules.Severity.WARNING, title, "message", "HOME", java.util.Map.of(),
        java.time.Instant.now(), List.of());
  }

  private void awaitOutbox(long count) {
    Fixtures.awaitTrue(testKit, "outbox holds " + count, () -> OutboxFiles.count(stateDir) == count);
  }

  @Test
  void serverErrorsAreRetriedUntilDelivered() throws Exception {
    server.then(RecordingServer.json(503, "busy"), RecordingServer.json(502, "bad gateway"));
    notifier(webhook("hook", server)).tell(notice("retry me"));
    server.take();
    server.take();
    server.take();
    awaitOutbox(0);
    assertTrue(server.poll(300).isEmpty(), "nothing after the success");
  }

  @Test
  void aRetryAfterIsHonoured() throws Exception {
    server.then(RecordingServer.withRetryAfter(429, "1"));
    notifier(webhook("hook", server)).tell(notice("slow down"));
    RecordingServer.Recorded first = server.take();
    RecordingServer.Recorded second = server.take();
    assertTrue(Duration.between(first.at(), second.at()).toMillis() >= 950,
        "retried after " + Duration.between(first.at(), second.at()).toMillis() + " ms");
    awaitOutbox(0);
  }

  @Test
  void aPermanentRefusalIsLoggedWithoutTheSecretAndNotRetried() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      server.then(RecordingServer.json(400, "{\"error\":\"bad key hook-secret\"}"));
      notifier(webhook("hook", server)).tell(notice("refused"));
      server.take();
      awaitOutbox(0);
      assertTrue(server.poll(300).isEmpty(), "a 400 is not retried");
    } finally {
      root.detachAppender(logs);
    }
    ILoggingEvent error = logs.list.stream().filter(e -> e.getLevel().toString().equals("ERROR")).findFirst()
        .orElseThrow();
    assertTrue(error.getFormattedMessage().contains("HTTP 400"), error.getFormattedMessage());
    assertTrue(error.getFormattedMessage().contains("bad key ***"), error.getFormattedMessage());
    logs.list.forEach(e -> assertFalse(e.getFormattedMessage().contains("hook-secret"), e.getFormattedMessage()));
  }

  @Test
  void oneFailingChannelNeverDelaysAnother() throws Exception {
    server.otherwise(RecordingServer.json(503, "down"));
    notifier(webhook("broken", server), webhook("working", other)).tell(notice("both"));
    other.take();
    server.take();
    server.take();
    assertEquals(1, OutboxFiles.count(stateDir), "kept for the broken channel");
    assertTrue(other.poll(300).isEmpty(), "the working channel got it exactly once");
  }

  @Test
  void aNoticeForOneChannelReachesOnlyThatChannel() throws Exception {
    Notification base = notice("only the pager");
    Notification targeted = new Notification(base.id(), base.homeId(), base.rule(), base.kind(), base.severity(),
        base.title(), base.message(), base.screenToOpen(), base.values(), base.createdAt(), List.of("pager"));
    notifier(webhook("chat", server), webhook("pager", other)).tell(targeted);
    assertTrue(other.take().body().contains("only the pager"));
    awaitOutbox(0);
    assertTrue(server.poll(300).isEmpty(), "the other channel was not used");
  }

  @Test
  void anEntryFoundAtStartAndHandedOverAgainIsSentOnce() throws Exception {
    Channel hook = webhook("hook", server);
    OutboxEntry entry = new Outbox(stateDir, Json.mapper(), Clock.systemUTC())
        .enqueue(notice("written by the Debouncer"), List.of("hook")).orElseThrow();
    ActorRef<Notifier.Command> notifier = notifier(hook);
    notifier.tell(new Notifier.Deliver(entry));
    assertTrue(server.take().body().contains("written by the Debouncer"));
    awaitOutbox(0);
    notifier.tell(new Notifier.Deliver(entry));
    assertTrue(server.poll(300).isEmpty(), "sent once, whether handed over before or after it was done");
  }

  @Test
  void theOutboxIsDeliveredAfterARestart() throws Exception {
    server.otherwise(RecordingServer.json(503, "down"));
    ActorRef<Notifier.Command> first = notifier(webhook("hook", server));
    first.tell(notice("survive me"));
    server.take();
    awaitOutbox(1);
    testKit.stop(first);
    started.remove(first);
    server.otherwise(RecordingServer.json(200, "{}"));
    while (server.poll(50).isPresent()) {
      // requests the stopped notifier had in flight
    }
    notifier(webhook("hook", server));
    assertTrue(server.take().body().contains("survive me"));
    awaitOutbox(0);
  }

  @Test
  void aChannelThatThrowsRestartsTheNotifierAndLosesNothing() throws Exception {
    AtomicBoolean throwNext = new AtomicBoolean(true);
    Channel real = webhook("hook", server);
    Channel flaky = new Channel() {
      @Override
      public String name() {
        return real.name();
      }

      @Override
      public String type() {
        return real.type();
      }

      @Override
      public HttpRequest request(Notification n) {
        if (throwNext.getAndSet(false)) {
          throw new IllegalStateException("injected failure in a channel");
        }
        return real.request(n);
      }

      @Override
      public List<Secret> secrets() {
        return real.secrets();
      }
    };
    ActorRef<Notifier.Command> notifier = notifier(flaky);
    notifier.tell(notice("first"));
    assertTrue(server.take().body().contains("first"), "delivered from the outbox after the restart");
    notifier.tell(notice("second"));
    assertTrue(server.take().body().contains("second"));
    awaitOutbox(0);
  }
}
