package dev.powerwatch.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import dev.powerwatch.Fixtures;
import dev.powerwatch.support.Json;
import dev.powerwatch.tibber.HourlyConsumption;
import dev.powerwatch.tibber.TibberApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The simulator's measured hours, set over its HTTP controls and read as Tibber's API answers them. */
class SimulatorHistoryTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static HttpResponse<String> post(TibberSimulator simulator, String path, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(simulator.apiUrl().resolve(path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theHistorySetOverHttpIsWhatTheApiReportsForEndedHours() throws Exception {
    try (TibberSimulator simulator = Fixtures.simulator(testKit)) {
      String later = Clock.systemUTC().instant().plusSeconds(7200).truncatedTo(java.time.temporal.ChronoUnit.HOURS)
          .toString();
      HttpResponse<String> set = post(simulator, "/simulator/history?home=" + Fixtures.HOME_A,
          "{\"2026-11-02T17:00:00Z\": 5.0, \"2026-11-02T18:00:00Z\": 1.5, \"" + later + "\": 9.9}");
      assertEquals(200, set.statusCode(), set.body());
      TibberApi api = new TibberApi(testKit.system(), Fixtures.tibberSettings(simulator, List.of()), Json.mapper(),
          Clock.systemUTC());
      List<HourlyConsumption> hours = api.hourlyConsumption(Fixtures.HOME_A, 1).toCompletableFuture().join();
      assertEquals(List.of(new HourlyConsumption(Instant.parse("2026-11-02T18:00:00Z"),
          Instant.parse("2026-11-02T19:00:00Z"), 1.5)), hours, "the last ended hour; one not yet over is left out");
      assertEquals(2, api.hourlyConsumption(Fixtures.HOME_A, 745).toCompletableFuture().join().size());

      HttpResponse<String> bad = post(simulator, "/simulator/history?home=" + Fixtures.HOME_A, "[5.0]");
      assertEquals(400, bad.statusCode());
      assertTrue(bad.body().contains("kWh by the hour's start"), bad.body());
    }
  }

  @Test
  void aHomeIsFoundWhateverTheQueryCallsItsVariable() throws Exception {
    try (TibberSimulator simulator = Fixtures.simulator(testKit)) {
      for (String variable : java.util.List.of("id", "homeId")) {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(simulator.apiUrl())
            .header("Authorization", "Bearer " + Fixtures.TOKEN).header("User-Agent", "test/1")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"query($" + variable + ": ID!) { viewer { home(id: $"
                + variable + ") { features { realTimeConsumptionEnabled } } } }\",\"variables\":{\"" + variable
                + "\":\"" + Fixtures.HOME_A + "\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(answer.body().contains("\"realTimeConsumptionEnabled\":true"), variable + ": " + answer.body());
      }
    }
  }
}
