package dev.powerwatch.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.model.HttpRequest;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.Fixtures;
import dev.powerwatch.LogCapture;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.broker.MqttSettings;
import dev.powerwatch.support.Json;
import dev.powerwatch.support.Secret;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
    return webhook(name, target.url() + "/hook?key=hook-secret");
  }

  private Channel webhook(String name, String url) {
    String config = "notify { retry-min = 50ms, retry-max = 200ms, give-up-after = 1h, request-timeout = 5s,"
        + " channels = [{ type = webhook, name = " + name + ", url = \"" + url + "\" }] }";
    return new ChannelLoader().load(ConfigFactory.parseString(config),
        new ChannelFactory.Context(null, MqttSettings.disabled(), Json.mapper())).channels().get(0);
  }

  private ActorRef<Notifier.Command> notifier(Channel... channels) {
    NotifySettings settings = new NotifySettings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofHours(1),
        Duration.ofSeconds(5), List.of(channels));
    ActorRef<Notifier.Command> notifier = testKit.spawn(Behaviors.supervise(
            Notifier.create(settings, new Outbox(stateDir, Json.mapper()), Clock.systemUTC(),
                new java.util.Random(5), Duration.ofMillis(50), Metrics.withoutJvm()))
        .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(50), Duration.ofSeconds(1), 0.2)));
    started.add(notifier);
    return notifier;
  }

  private static Notification notice(String title) {
    return new Notification(UUID.randomUUID().toString(), "home-1", "high", Notification.Kind.FIRING,
        dev.powerwatch.notify.Severity.WARNING, title, "message", "HOME", java.util.Map.of(),
        java.time.Instant.now(), List.of());
  }

  private static Notifier.Submit submit(Notification n) {
    return new Notifier.Submit(n, testKit.system().ignoreRef());
  }

  private void awaitOutbox(long count) {
    Fixtures.awaitTrue(testKit, "outbox holds " + count, () -> OutboxFiles.count(stateDir) == count);
  }

  @Test
  void theNoticeIsInTheOutboxBeforeItsRequestLeaves() throws Exception {
    java.util.concurrent.atomic.AtomicLong filesWhenRequested = new java.util.concurrent.atomic.AtomicLong(-1);
    server.onRequest(() -> filesWhenRequested.set(OutboxFiles.count(stateDir)));
    TestProbe<Notifier.Accepted> accepted = testKit.createTestProbe();
    notifier(webhook("hook", server)).tell(new Notifier.Submit(notice("kept first"), accepted.ref()));
    server.take();
    assertEquals(1, filesWhenRequested.get(), "a crash from here on would send it again after the restart");
    assertTrue(accepted.receiveMessage().durable(), "and on disk once accepted");
    awaitOutbox(0);
  }

  @Test
  void serverErrorsAreRetriedUntilDelivered() throws Exception {
    server.then(RecordingServer.json(503, "busy"), RecordingServer.json(502, "bad gateway"));
    notifier(webhook("hook", server)).tell(submit(notice("retry me")));
    server.take();
    server.take();
    server.take();
    awaitOutbox(0);
    assertTrue(server.poll(300).isEmpty(), "nothing after the success");
  }

  @Test
  void aNoticeThatQuietHoursCaughtWaitsForTheirEndBeforeItsNextAttempt() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean quiet = new java.util.concurrent.atomic.AtomicBoolean();
    Instant sixInTheMorning = Instant.parse("2026-03-11T05:00:00Z");
    QuietHold hold = (n, now) -> quiet.get() ? Optional.of(sixInTheMorning) : Optional.empty();
    server.then(RecordingServer.json(503, "busy"));
    server.onRequest(() -> quiet.set(true));
    NotifySettings settings = new NotifySettings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofHours(1),
        Duration.ofSeconds(5), List.of(webhook("hook", server)));
    started.add(testKit.spawn(Notifier.create(settings, new Outbox(stateDir, Json.mapper()), Clock.systemUTC(),
        new java.util.Random(5), Duration.ofMillis(20), Metrics.withoutJvm(), hold)));
    started.get(0).tell(submit(notice("made before quiet hours")));
    server.take();
    assertTrue(server.poll(500).isEmpty(), "held while quiet: no retry for ten times retry-max");
    server.onRequest(() -> { });
    quiet.set(false);
    server.take();
    awaitOutbox(0);
  }

  @Test
  void aRetryAfterIsHonoured() throws Exception {
    server.then(RecordingServer.withRetryAfter(429, "1"));
    notifier(webhook("hook", server)).tell(submit(notice("slow down")));
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
      notifier(webhook("hook", server)).tell(submit(notice("refused")));
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
    notifier(webhook("broken", server), webhook("working", other)).tell(submit(notice("both")));
    other.take();
    server.take();
    server.take();
    assertEquals(1, OutboxFiles.count(stateDir), "kept for the broken channel");
    assertTrue(other.poll(300).isEmpty(), "the working channel got it exactly once");
  }

  @Test
  void aNoticeOlderThanGiveUpAfterIsTriedOnceMoreOnAChannelThatStaysDownThenDroppedThereWithAnError()
      throws Exception {
    server.otherwise(RecordingServer.json(503, "down"));
    Notification old = new Notification(UUID.randomUUID().toString(), "home-1", "high", Notification.Kind.FIRING,
        dev.powerwatch.notify.Severity.WARNING, "made two hours ago", "message", "HOME", java.util.Map.of(),
        java.time.Instant.now().minus(Duration.ofHours(2)), List.of());
    List<ILoggingEvent> logs = LogCapture.during(() -> {
      notifier(webhook("broken", server), webhook("working", other)).tell(submit(old));
      other.take();
      server.take();
      awaitOutbox(0);
      assertTrue(server.poll(300).isEmpty(), "and not again once the hour given up after has passed");
    });
    List<String> errors = LogCapture.at(logs, "ERROR");
    assertEquals(1, errors.size(), String.join("\n", errors));
    assertTrue(errors.get(0).startsWith("Giving up on 'made two hours ago' via broken after"), errors.get(0));
    assertTrue(other.poll(300).isEmpty(), "the working channel got it exactly once");
  }

  @Test
  void aNoticeForOneChannelReachesOnlyThatChannel() throws Exception {
    Notification base = notice("only the pager");
    Notification targeted = new Notification(base.id(), base.homeId(), base.rule(), base.kind(), base.severity(),
        base.title(), base.message(), base.screenToOpen(), base.values(), base.createdAt(), List.of("pager"));
    notifier(webhook("chat", server), webhook("pager", other)).tell(submit(targeted));
    assertTrue(other.take().body().contains("only the pager"));
    awaitOutbox(0);
    assertTrue(server.poll(300).isEmpty(), "the other channel was not used");
  }

  @Test
  void aNoticeSubmittedAgainWhileUnderWayIsSentOnce() throws Exception {
    server.then(RecordingServer.withRetryAfter(429, "1"));
    ActorRef<Notifier.Command> notifier = notifier(webhook("hook", server));
    Notification n = notice("submitted twice");
    notifier.tell(submit(n));
    server.take();
    notifier.tell(submit(n));
    assertTrue(server.take().body().contains("submitted twice"));
    awaitOutbox(0);
    assertTrue(server.poll(300).isEmpty(), "sent once after the retry, not once more for the second submit");
  }

  @Test
  void theOutboxIsDeliveredAfterARestart() throws Exception {
    server.otherwise(RecordingServer.json(503, "down"));
    ActorRef<Notifier.Command> first = notifier(webhook("hook", server));
    first.tell(submit(notice("survive me")));
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
  void aChannelThatThrowsFailsAloneAndNeverCrashesTheNotifier() throws Exception {
    Channel real = webhook("hook", other);
    Channel throwing = new HttpChannel() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public String type() {
        return "webhook";
      }

      @Override
      public HttpRequest request(Notification n) {
        throw new IllegalArgumentException("illegal header value broken-secret");
      }

      @Override
      public List<Secret> secrets() {
        return List.of(Secret.of("broken-secret"));
      }
    };
    List<ILoggingEvent> logs = LogCapture.during(() -> {
      ActorRef<Notifier.Command> notifier = notifier(throwing, real);
      notifier.tell(submit(notice("first")));
      assertTrue(other.take().body().contains("first"));
      notifier.tell(submit(notice("second")));
      assertTrue(other.take().body().contains("second"));
      awaitOutbox(0);
      assertTrue(other.poll(300).isEmpty(), "each notice reached the working channel exactly once");
    });
    List<String> errors = logs.stream().filter(e -> e.getLevel().toString().equals("ERROR"))
        .map(ILoggingEvent::getFormattedMessage).toList();
    assertEquals(2, errors.size(), String.valueOf(errors));
    assertTrue(errors.get(0).contains("via broken: cannot build the request (IllegalArgumentException)"),
        errors.get(0));
    logs.forEach(e -> assertFalse(e.getFormattedMessage().contains("broken-secret"), e.getFormattedMessage()));
    assertTrue(logs.stream().noneMatch(e -> e.getFormattedMessage().contains("Supervisor")),
        "the Notifier never restarted");
  }

  @Test
  void anHtmlPageWith200IsAFailureWithAHint() throws Exception {
    server.then(RecordingServer.html(200, "<html><body>Log in to the Wi-Fi</body></html>"));
    List<ILoggingEvent> logs = LogCapture.during(() -> {
      notifier(webhook("hook", server)).tell(submit(notice("portal")));
      server.take();
      server.take();
      awaitOutbox(0);
    });
    assertTrue(logs.stream().anyMatch(e -> e.getFormattedMessage().contains("HTML page")
        && e.getFormattedMessage().contains("is the URL right?")), "a WARN with the hint");
  }

  @Test
  void aHeaderThatCannotBeSentNeverReachesAkkaHttpsLog() throws Exception {
    Channel hook = new WebhookChannel("hook", Secret.of(server.url() + "/hook"),
        java.util.Map.of("Authorization", Secret.of("Bearer line-one\nhdr-s3cret")), Json.mapper());
    TestProbe<Notifier.Accepted> accepted = testKit.createTestProbe();
    List<ILoggingEvent> logs = LogCapture.during(() -> {
      notifier(hook).tell(new Notifier.Submit(notice("injected"), accepted.ref()));
      assertTrue(accepted.receiveMessage().durable(), "in the outbox first");
      awaitOutbox(0);
    });
    assertTrue(server.poll(300).isEmpty(), "nothing was sent with a broken header");
    assertTrue(LogCapture.at(logs, "ERROR").stream().anyMatch(l -> l.contains("cannot build the request")),
        String.valueOf(LogCapture.at(logs, "ERROR")));
    logs.forEach(e -> {
      assertFalse(e.getFormattedMessage().contains("hdr-s3cret"), e.getFormattedMessage());
      assertFalse(e.getFormattedMessage().contains("Invalid outgoing header"), e.getFormattedMessage());
    });
  }

  @Test
  void aNoticeItsSenderKeepsIsNeverWrittenAndEachChannelSettlesItOnce() throws Exception {
    java.util.concurrent.atomic.AtomicLong filesWhenRequested = new java.util.concurrent.atomic.AtomicLong(-1);
    server.onRequest(() -> filesWhenRequested.set(OutboxFiles.count(stateDir)));
    other.then(RecordingServer.json(400, "{\"error\":\"no such user\"}"));
    TestProbe<Notifier.Settled> settled = testKit.createTestProbe();
    Notification n = notice("kept by the journal");
    notifier(webhook("hook", server), webhook("other", other))
        .tell(new Notifier.Deliver(n.forChannels(List.of("hook", "other", "gone")), settled.ref()));
    server.take();
    other.take();
    java.util.Set<Notifier.Settled> heard = new java.util.HashSet<>(settled.receiveSeveralMessages(3));
    assertEquals(java.util.Set.of(new Notifier.Settled(n.id(), "hook", "delivered"),
        new Notifier.Settled(n.id(), "other", "refused"), new Notifier.Settled(n.id(), "gone", "refused")), heard);
    assertEquals(0, filesWhenRequested.get(), "nothing in the outbox: the sender's journal holds it");
    settled.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aNoticeForgottenAfterItsSenderMovedIsNotTriedAgainHere() throws Exception {
    server.otherwise(RecordingServer.json(503, "busy"));
    TestProbe<Notifier.Settled> settled = testKit.createTestProbe();
    Notification n = notice("moved away");
    ActorRef<Notifier.Command> notifier = notifier(webhook("hook", server));
    notifier.tell(new Notifier.Deliver(n.forChannels(List.of("hook")), settled.ref()));
    server.take();
    server.take();
    notifier.tell(new Notifier.Forget(n.id()));
    server.otherwise(RecordingServer.json(200, "{}"));
    while (server.poll(50).isPresent()) {
      // a try that was under way when it was forgotten
    }
    assertTrue(server.poll(500).isEmpty(), "no more tries after the retries' longest wait (200 ms)");
    settled.expectNoMessage(Duration.ZERO);
  }

  @Test
  void deliveringAgainWhileUnderWayOnlyChangesWhoHears() throws Exception {
    server.then(RecordingServer.json(503, "busy"));
    TestProbe<Notifier.Settled> before = testKit.createTestProbe();
    TestProbe<Notifier.Settled> after = testKit.createTestProbe();
    Notification n = notice("moved");
    ActorRef<Notifier.Command> notifier = notifier(webhook("hook", server));
    notifier.tell(new Notifier.Deliver(n.forChannels(List.of("hook")), before.ref()));
    server.take();
    notifier.tell(new Notifier.Deliver(n.forChannels(List.of("hook")), after.ref()));
    server.take();
    assertEquals(new Notifier.Settled(n.id(), "hook", "delivered"), after.receiveMessage());
    assertTrue(server.poll(300).isEmpty(), "sent once more after the failure, not once per Deliver");
    before.expectNoMessage(Duration.ZERO);
  }

  /** A sender whose journal could not record the settlement (a full disk) starts anew and delivers again. */
  @Test
  void deliveringAgainWhatAChannelSettledHereBringsTheSettlementNotAnotherPush() throws Exception {
    other.then(RecordingServer.json(400, "{\"error\":\"no such user\"}"));
    TestProbe<Notifier.Settled> first = testKit.createTestProbe();
    TestProbe<Notifier.Settled> again = testKit.createTestProbe();
    Notification n = notice("settled, not recorded");
    ActorRef<Notifier.Command> notifier = notifier(webhook("hook", server), webhook("other", other));
    notifier.tell(new Notifier.Deliver(n.forChannels(List.of("hook", "other")), first.ref()));
    server.take();
    other.take();
    first.receiveSeveralMessages(2);
    notifier.tell(new Notifier.Deliver(n.forChannels(List.of("hook", "other")), again.ref()));
    assertEquals(java.util.Set.of(new Notifier.Settled(n.id(), "hook", "delivered"),
        new Notifier.Settled(n.id(), "other", "refused")), new java.util.HashSet<>(again.receiveSeveralMessages(2)));
    assertTrue(server.poll(300).isEmpty() && other.poll(0).isEmpty(), "neither channel hears it again");
  }

  /** A push the service took must not stay in the outbox to be pushed again after a stop. */
  @Test
  void aStopWaitsForTheAnswerToThePushUnderWayAndLeavesWhatFallsDueMeanwhileForTheNextStart() throws Exception {
    try (HoldingHook hook = new HoldingHook()) {
      ActorRef<Notifier.Command> stopping = notifier(webhook("hook", hook.url()));
      Notification underWay = notice("under way");
      stopping.tell(submit(underWay));
      assertEquals(underWay.id(), hook.take());
      TestProbe<akka.Done> finished = testKit.createTestProbe();
      stopping.tell(new Notifier.FinishAttempts(finished.ref()));
      Notification dueMeanwhile = notice("due while stopping");
      TestProbe<Notifier.Accepted> accepted = testKit.createTestProbe();
      stopping.tell(new Notifier.Submit(dueMeanwhile, accepted.ref()));
      assertTrue(accepted.receiveMessage().durable(), "kept on disk");
      finished.expectNoMessage(Duration.ofMillis(200));
      hook.answer();
      finished.receiveMessage();
      assertEquals(1, OutboxFiles.count(stateDir), "the outbox keeps only what fell due while stopping");
      assertFalse(hook.anotherWithin(300), "no push starts once stopping");
      testKit.stop(stopping);
      started.remove(stopping);

      notifier(webhook("hook", hook.url()));
      assertEquals(dueMeanwhile.id(), hook.take(), "the next start pushes what was left");
      awaitOutbox(0);
      assertFalse(hook.anotherWithin(300), "and nothing it had pushed before");
    }
  }
}
