package dev.powerwatch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.powerwatch.notify.Notification;
import dev.powerwatch.notify.Notifier;
import dev.powerwatch.notify.OutboxEntry;
import dev.powerwatch.notify.Severity;
import dev.powerwatch.status.Snapshot;
import dev.powerwatch.support.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What /api/state says of the notices that have not reached every channel yet. */
class StatusJsonTest {

  @Test
  void eachWaitingNoticeIsListedWithTheChannelsStillToTakeIt() throws Exception {
    Notification held = new Notification("n-1", "home-1", "high-power", Notification.Kind.REPEAT, Severity.WARNING,
        "House draws 9000 W", "message", "CONSUMPTION", Map.of(), Instant.parse("2026-03-11T22:40:00Z"), List.of());
    Notifier.Status notifier = new Notifier.Status(Map.of("phone", 1, "ntfy", 0), Optional.empty(), List.of(),
        List.of(new OutboxEntry(held, List.of("phone"))));
    Snapshot snapshot = new Snapshot(List.of(), Map.of(), Optional.empty(), Optional.empty(), Map.of(), List.of(),
        Optional.of(notifier), List.of(), Map.of(), Map.of(), Optional.empty());

    JsonNode waiting = Json.mapper().readTree(new StatusJson(Json.mapper()).state(snapshot)).get("waitingNotifications");

    assertEquals(Json.mapper().readTree("""
        [{"id": "n-1", "home": "home-1", "rule": "high-power", "kind": "repeat", "createdAt": "2026-03-11T22:40:00Z",
          "channels": ["phone"]}]"""), waiting);
  }
}
