package dev.powerwatch.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.Fixtures;
import dev.powerwatch.LogCapture;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.broker.MqttSettings;
import dev.powerwatch.support.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged or unwritable outbox never stops delivery: what can be trusted goes out, the rest is set aside. */
class DamagedStateTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @TempDir
  Path stateDir;
  private RecordingServer server;
  private final List<ActorRef<Notifier.Command>> started = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new RecordingServer(testKit.system());
  }

  @AfterEach
  void stop() {
    started.forEach(testKit::stop);
    server.close();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private Channel webhook() {
    String config = "notify { retry-min = 50ms, retry-max = 200ms, give-up-after = 1h, request-timeout = 5s,"
        + " channels = [{ type = webhook, name = hook, url = \"" + server.url() + "/hook\" }] }";
    return new ChannelLoader().load(ConfigFactory.parseString(config),
        new ChannelFactory.Context(null, MqttSettings.disabled(), Json.mapper())).channels().get(0);
  }

  private ActorRef<Notifier.Command> notifier(Outbox outbox) {
    NotifySettings settings = new NotifySettings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofHours(1),
        Duration.ofSeconds(5), List.of(webhook()));
    ActorRef<Notifier.Command> notifier = testKit.spawn(
        Notifier.create(settings, outbox, Clock.systemUTC(), new Random(3), Duration.ofMillis(50), Metrics.withoutJvm()));
    started.add(notifier);
    return notifier;
  }

  private void stopNotifier(ActorRef<Notifier.Command> notifier) {
    testKit.stop(notifier);
    started.remove(notifier);
  }

  private static Notification notice(String title) {
    return new Notification(UUID.randomUUID().toString(), "home-1", "high", Notification.Kind.FIRING,
        Severity.WARNING, title, "message", "HOME", Map.of(), Instant.now(), List.of());
  }

  private Path outboxDir() {
    return stateDir.resolve(Outbox.FOLDER);
  }

  private Path writeEntry(String fileStem, String json) throws Exception {
    Files.createDirectories(outboxDir());
    return Files.writeString(outboxDir().resolve(fileStem + Outbox.SUFFIX), json);
  }

  private static String entryJson(Notification n) throws Exception {
    return Json.mapper().writeValueAsString(new OutboxEntry(n, List.of("hook")));
  }

  private List<String> bodies(int count) throws Exception {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      bodies.add(server.take().body());
    }
    return bodies;
  }

  @Test
  void damagedEntriesAreMovedAsideOnceAndTheOthersDelivered() throws Exception {
    Notification good = notice("the good one");
    writeEntry(good.id(), entryJson(good));
    Notification noCreatedAt = notice("no createdAt");
    writeEntry(noCreatedAt.id(), entryJson(noCreatedAt).replaceAll(",?\"createdAt\":\"[^\"]*\"", ""));
    Notification escaping = notice("escaping id");
    String escapingJson = entryJson(escaping).replace(escaping.id(), "../../escape");
    writeEntry("escape", escapingJson);
    Notification renamed = notice("renamed file");
    writeEntry(UUID.randomUUID().toString(), entryJson(renamed));
    writeEntry("garbage", "{\"notification\": [1, 2");

    List<ILoggingEvent> logs = LogCapture.during(() -> {
      ActorRef<Notifier.Command> first = notifier(new Outbox(stateDir, Json.mapper()));
      assertTrue(server.take().body().contains("the good one"));
      Fixtures.awaitTrue(testKit, "the good entry is done", () -> !Files.exists(outboxDir().resolve(good.id() + ".json")));
      stopNotifier(first);
      notifier(new Outbox(stateDir, Json.mapper()));
      assertTrue(server.poll(300).isEmpty(), "nothing is sent again after a restart");
    });
    List<String> warnings = logs.stream().filter(e -> e.getLevel().toString().equals("WARN"))
        .map(ILoggingEvent::getFormattedMessage).toList();
    assertEquals(4, warnings.size(), String.join("\n", warnings));
    assertTrue(warnings.stream().anyMatch(w -> w.contains("lacks kind, severity, title, message or createdAt")), warnings.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.contains("escape.json is damaged: its id does not match its file name")),
        warnings.toString());
    try (var damaged = Files.list(outboxDir().resolve(Outbox.DAMAGED))) {
      assertEquals(4, damaged.count());
    }
    try (var left = Files.list(outboxDir())) {
      assertEquals(List.of(Outbox.DAMAGED), left.map(p -> p.getFileName().toString()).toList());
    }
    assertFalse(Files.exists(stateDir.getParent().resolve("escape")), "nothing outside the outbox was touched");
  }

  @Test
  void anUnwritableOutboxStillDeliversFromMemoryAndWritesOnceItCan() throws Exception {
    Files.writeString(outboxDir(), "a file where the outbox folder should be");
    server.otherwise(RecordingServer.json(503, "down"));
    TestProbe<Notifier.Accepted> accepted = testKit.createTestProbe();
    TestProbe<Notifier.Status> health = testKit.createTestProbe();
    List<ILoggingEvent> logs = LogCapture.during(() -> {
      ActorRef<Notifier.Command> notifier = notifier(new Outbox(stateDir, Json.mapper()));
      notifier.tell(new Notifier.Submit(notice("one"), accepted.ref()));
      notifier.tell(new Notifier.Submit(notice("two"), accepted.ref()));
      notifier.tell(new Notifier.Submit(notice("three"), accepted.ref()));
      for (int i = 0; i < 3; i++) {
        assertFalse(accepted.receiveMessage().durable(), "kept in memory");
      }
      String sent = String.join("", bodies(3));
      assertTrue(sent.contains("one") && sent.contains("two") && sent.contains("three"), "every push still goes out");
      notifier.tell(new Notifier.GetStatus(health.ref()));
      Notifier.Status status = health.receiveMessage();
      assertTrue(status.stateProblem().orElseThrow().contains("FileAlreadyExistsException"));
      assertEquals(List.of("one", "two", "three"), status.waiting().stream().map(e -> e.notification().title()).toList(),
          "each still waits for the channel that answers 503, in the order they came");

      Files.delete(outboxDir());
      Fixtures.awaitTrue(testKit, "the waiting notices are written once the folder can be",
          () -> OutboxFiles.count(stateDir) == 3);
      notifier.tell(new Notifier.GetStatus(health.ref()));
      assertTrue(health.receiveMessage().stateProblem().isEmpty());
    });
    long errors = logs.stream().filter(e -> e.getLevel().toString().equals("ERROR")).count();
    assertEquals(1, errors, "one ERROR for the problem, not one per notice");
    assertTrue(logs.stream().anyMatch(e -> e.getFormattedMessage().contains("writing works again")));
  }

  @Test
  void aRestartWhileTheDiskRefusesLosesNothingAndRepeatsNothing() throws Exception {
    Files.writeString(outboxDir(), "not a folder");
    server.then(RecordingServer.json(503, "down"));
    Outbox outbox = new Outbox(stateDir, Json.mapper());
    ActorRef<Notifier.Command> first = notifier(outbox);
    first.tell(new Notifier.Submit(notice("kept in memory"), testKit.system().ignoreRef()));
    server.take();
    stopNotifier(first);
    while (server.poll(100).isPresent()) {
      // a retry the stopped notifier had in flight
    }
    notifier(outbox);
    assertTrue(server.take().body().contains("kept in memory"), "the restarted notifier found it in memory");
    assertTrue(server.poll(300).isEmpty(), "and sent it once");
  }
}
