package dev.powerwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.powerwatch.debounce.AlertRecord;
import dev.powerwatch.debounce.Silence;
import dev.powerwatch.notify.Notification;
import dev.powerwatch.notify.Severity;
import dev.powerwatch.support.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Journals outlive releases: the events and the snapshot this version writes are checked in as
 * bytes (src/test/resources/journal/home-v1.json), and every later build must read them back as
 * they were written. A change that breaks old journals fails here; it needs a migration, not a
 * new fixture. A new version of an event gets a fixture of its own, written by {@link #main}
 * (with the test classpath), beside this one.
 */
class JournalFixtureTest {
  static final Path FIXTURE = Path.of("src/test/resources/journal/home-v1.json");
  /** The silences' events, added later at version 1 of their own. */
  static final Path SILENCES_FIXTURE = Path.of("src/test/resources/journal/home-v1-silences.json");
  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static Map<Path, List<Object>> fixtures() {
    return Map.of(FIXTURE, written(), SILENCES_FIXTURE, writtenWithSilences());
  }

  @Test
  void theEventsAndSnapshotOfVersionOneStillRead() throws Exception {
    for (Map.Entry<Path, List<Object>> fixture : fixtures().entrySet()) {
      assertReadBack(fixture.getKey(), fixture.getValue());
    }
  }

  private static void assertReadBack(Path file, List<Object> expected) throws Exception {
    Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());
    JsonNode fixture = Json.mapper().readTree(Files.readString(file));
    assertEquals(expected.size(), fixture.size(), "one entry per object written");
    for (int i = 0; i < expected.size(); i++) {
      JsonNode entry = fixture.get(i);
      Object read = serialization.deserialize(Base64.getDecoder().decode(entry.get("payload").asText()),
          entry.get("serializer").asInt(), entry.get("manifest").asText()).get();
      assertEquals(expected.get(i), read, entry.get("manifest").asText());
    }
  }

  @Test
  void everyEventIsWrittenAtTheCurrentVersionWithCbor() {
    Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());
    for (Object o : fixtures().values().stream().flatMap(List::stream).toList()) {
      assertEquals("akka.serialization.jackson.JacksonCborSerializer",
          serialization.findSerializerFor(o).getClass().getName(), o.getClass().getName());
      if (o instanceof HomeEvent event) {
        assertEquals(HomeEvent.CURRENT, event.version());
      }
    }
  }

  /** What version 1 wrote, value for value. */
  static List<Object> written() {
    Instant since = Instant.parse("2026-11-22T11:58:00Z");
    Instant sent = Instant.parse("2026-11-22T12:00:00Z");
    AlertRecord firing = new AlertRecord(true, since, sent, true, false, Map.of("value", "5000", "home", "Barn"), null);
    Notification notice = new Notification("3f0c2a9e-8d1b-4c55-9a7e-0b6d2f1e4a10", "home-e-0005", "high",
        Notification.Kind.FIRING, Severity.WARNING, "High power at Barn", "Barn draws 5000 W", "CONSUMPTION",
        Map.of("value", "5000"), sent, List.of());
    List<Object> events = new ArrayList<>(List.of(
        new HomeEvent.AlertRecorded("high", firing),
        new HomeEvent.NoticeQueued(notice, List.of("phone", "hook")),
        new HomeEvent.ChannelSettled(notice.id(), "phone", "delivered")));
    HomeLedger ledger = HomeLedger.empty();
    for (Object e : events) {
      ledger = ledger.apply((HomeEvent) e);
    }
    events.add(ledger);
    return events;
  }

  /** A ledger with a silence that ended and one in force, and the events that made it. */
  static List<Object> writtenWithSilences() {
    Instant made = Instant.parse("2026-12-02T17:00:00Z");
    Silence cleaning = new Silence("5d1e0a7c", "home-e-0005", "high", made, made.plusSeconds(7200), "api",
        "cleaning the heat pump");
    Silence everyHome = new Silence("0b9f2c4e", null, null, made.plusSeconds(60), made.plusSeconds(3600), "ops", "");
    List<Object> events = new ArrayList<>(List.of(
        new HomeEvent.SilenceAdded(cleaning, made),
        new HomeEvent.SilenceAdded(everyHome, made.plusSeconds(30)),
        new HomeEvent.SilenceEnded(cleaning.id(), made.plusSeconds(600))));
    HomeLedger ledger = HomeLedger.empty();
    for (Object e : events) {
      ledger = ledger.apply((HomeEvent) e);
    }
    events.add(ledger);
    return events;
  }

  /** Writes the fixtures not yet in the tree; those that are stay as an earlier version wrote them. */
  public static void main(String[] args) throws Exception {
    ActorTestKit kit = ActorTestKit.create();
    try {
      Serialization serialization = SerializationExtension.get(kit.system().classicSystem());
      for (Map.Entry<Path, List<Object>> fixture : fixtures().entrySet()) {
        if (Files.exists(fixture.getKey())) {
          continue;
        }
        ArrayNode out = Json.mapper().createArrayNode();
        for (Object o : fixture.getValue()) {
          var serializer = serialization.findSerializerFor(o);
          out.addObject().put("serializer", serializer.identifier())
              .put("manifest", Serializers.manifestFor(serializer, o))
              .put("payload", Base64.getEncoder().encodeToString(serializer.toBinary(o)));
        }
        Files.writeString(fixture.getKey(), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out)
            + "\n");
      }
    } finally {
      kit.shutdownTestKit();
    }
    System.exit(0);
  }
}
