package dev.powerwatch.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.powerwatch.support.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The simulator's control API (README, "The simulator"), as the soak drives it from its own process. */
final class SimulatorControls {
  private final HttpClient http = HttpClient.newHttpClient();
  private final int port;

  SimulatorControls(int port) {
    this.port = port;
  }

  void post(String action) throws IOException, InterruptedException {
    post(action, "");
  }

  void post(String action, String body) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(action))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("the simulator refused " + action + ": " + response.body());
    }
  }

  JsonNode status() throws IOException, InterruptedException {
    return Json.mapper().readTree(http.send(HttpRequest.newBuilder(uri("status")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  private URI uri(String action) {
    return URI.create("http://127.0.0.1:" + port + "/simulator/" + action);
  }
}
