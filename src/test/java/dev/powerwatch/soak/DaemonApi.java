package dev.powerwatch.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.powerwatch.support.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The daemon's HTTP API as the soak uses it: silences, /health, /ready, /metrics and the notices it holds. */
final class DaemonApi {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  /**
   * A silence as the daemon made or ended it, on the run's clock. It holds the home's notices from
   * somewhere between {@code startsAt} and {@code heldBy}, when the daemon had answered (the home
   * hears of it a little after the silence is made); one ended through MQTT ended between
   * {@code endsAt} and {@code endsBy} (the soak saw it gone then), else both are its end.
   */
  record Silence(String id, String homeId, Instant startsAt, Instant heldBy, Instant endsAt, Instant endsBy) {
    Silence endedBetween(Instant earliest, Instant latest) {
      return new Silence(id, homeId, startsAt, heldBy, earliest, latest);
    }

    Silence heldBy(Instant answered) {
      return new Silence(id, homeId, startsAt, answered, endsAt, endsBy);
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final int port;

  DaemonApi(int port) {
    this.port = port;
  }

  Silence silence(String homeId, Duration length) throws IOException, InterruptedException {
    String body = Json.mapper().createObjectNode().put("home", homeId).put("for", length.toMinutes() + "m")
        .put("comment", "soak").toString();
    return silenceIn(send(request("api/silences").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)), 201));
  }

  Silence end(String id) throws IOException, InterruptedException {
    return silenceIn(send(request("api/silences/" + id).DELETE(), 200));
  }

  List<Silence> silences() throws IOException, InterruptedException {
    List<Silence> silences = new java.util.ArrayList<>();
    for (JsonNode silence : Json.mapper().readTree(send(request("api/silences"), 200))) {
      silences.add(silenceIn(silence));
    }
    return silences;
  }

  boolean mqttConnected() throws IOException, InterruptedException {
    return Json.mapper().readTree(send(request("api/state"), 200)).path("mqtt").path("connected").asBoolean();
  }

  /**
   * The notices the daemon holds that some channel has not taken yet ({@code waitingNotifications}
   * in /api/state), each as made on the daemon's clock and not arrived.
   */
  List<PushReceiver.Notice> waiting() throws IOException, InterruptedException {
    List<PushReceiver.Notice> waiting = new java.util.ArrayList<>();
    for (JsonNode n : Json.mapper().readTree(send(request("api/state"), 200)).path("waitingNotifications")) {
      waiting.add(new PushReceiver.Notice(n.path("id").asText(), n.path("home").asText(), n.path("rule").asText(),
          SoakOracle.Kind.valueOf(n.path("kind").asText().toUpperCase(java.util.Locale.ROOT)),
          Instant.parse(n.path("createdAt").asText()), null, null, null));
    }
    return waiting;
  }

  /**
   * How many homes /api/state names a node for: on a cluster, those whose entity answered (it waits
   * two seconds for one that does not, so this asks with more time); none while it cannot tell.
   */
  long homesHosted() throws IOException, InterruptedException {
    JsonNode homes;
    try {
      homes = Json.mapper().readTree(send(request("api/state").timeout(TIMEOUT.multipliedBy(3)), 200)).path("homes");
    } catch (java.net.http.HttpTimeoutException | java.net.ConnectException notNow) {
      return 0;
    }
    long hosted = 0;
    for (JsonNode home : homes) {
      hosted += home.hasNonNull("node") ? 1 : 0;
    }
    return hosted;
  }

  /** The status code of {@code path}, or -1 when it did not answer within 2 s. */
  int status(String path) throws InterruptedException {
    try {
      return http.send(request(path).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  String metrics() throws IOException, InterruptedException {
    return send(request("metrics"), 200);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + path)).timeout(TIMEOUT);
  }

  private String send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IOException("the daemon answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private static Silence silenceIn(String body) throws IOException {
    return silenceIn(Json.mapper().readTree(body));
  }

  private static Silence silenceIn(JsonNode json) {
    Instant endsAt = Instant.parse(json.path("endsAt").asText());
    Instant startsAt = Instant.parse(json.path("startsAt").asText());
    return new Silence(json.path("id").asText(), json.path("home").asText(), startsAt, startsAt, endsAt, endsAt);
  }
}
