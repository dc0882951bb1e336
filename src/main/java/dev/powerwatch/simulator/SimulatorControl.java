package dev.powerwatch.simulator;

import static dev.powerwatch.simulator.TibberSimulator.json;

import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The simulator's control endpoints under {@code /simulator/}: see the README for the list. */
final class SimulatorControl {
  private final TibberSimulator simulator;
  private final ObjectMapper mapper;

  SimulatorControl(TibberSimulator simulator, ObjectMapper mapper) {
    this.simulator = simulator;
    this.mapper = mapper;
  }

  HttpResponse handle(HttpRequest request, String action, String body) {
    try {
      if (request.method() == HttpMethods.GET) {
        return switch (action) {
          case "status" -> json(200, status());
          case "pushes" -> json(200, mapper.valueToTree(simulator.pushes()));
          default -> unknown(action);
        };
      }
      if (request.method() != HttpMethods.POST) {
        return json(405, simulator.error("use GET or POST"));
      }
      return post(request, action, body);
    } catch (IllegalArgumentException e) {
      return json(400, simulator.error(e.getMessage()));
    }
  }

  private HttpResponse post(HttpRequest request, String action, String body) {
    switch (action) {
      case "close" -> simulator.closeSockets(intParam(request, "code"),
          request.getUri().query().get("reason").orElse(""));
      case "drop" -> simulator.dropSockets();
      case "stall" -> simulator.stall(boolParam(request, "on"));
      case "complete" -> simulator.completeSubscriptions(param(request, "home"));
      case "fail" -> simulator.failSubscriptions(param(request, "home"),
          request.getUri().query().get("message").orElse("unable to start stream"));
      case "profile" -> profile(request, watts(body));
      case "rate-limit" -> simulator.rateLimit(intParam(request, "requests"),
          request.getUri().query().get("retry-after").map(s -> Duration.ofSeconds(Long.parseLong(s))).orElse(null));
      case "push-available" -> simulator.pushAvailable(boolParam(request, "on"));
      case "flood" -> simulator.floodInBackground(param(request, "home"), intParam(request, "count"));
      case "real-time" -> simulator.setRealTime(param(request, "home"), boolParam(request, "on"));
      case "revoke-tokens" -> simulator.acceptTokens(java.util.Set.of());
      case "restore-tokens" -> simulator.restoreTokens();
      case "withhold-ack" -> simulator.withholdAck(boolParam(request, "on"));
      case "raw" -> simulator.sendRaw(body);
      case "history" -> simulator.setHourlyHistory(param(request, "home"), hours(body));
      default -> {
        return unknown(action);
      }
    }
    return json(200, mapper.createObjectNode().put("ok", true));
  }

  private ObjectNode status() {
    return mapper.createObjectNode()
        .put("connectionAttempts", simulator.connectionAttempts())
        .put("openSockets", simulator.openSockets())
        .put("graphqlRequests", simulator.graphqlRequests())
        .put("pushes", simulator.pushes().size())
        .put("flooded", simulator.flooded())
        .put("lastFloodToPushMicros", simulator.lastFloodToPushMicros())
        .put("lastSubscribeEpochMillis", simulator.lastSubscribeEpochMillis())
        .put("refusedUpgrades", simulator.refusedUpgrades());
  }

  /** One watt value per reading, or with {@code from} and {@code step} a timeline on the simulator's clock. */
  private void profile(HttpRequest request, List<Double> watts) {
    Optional<String> from = request.getUri().query().get("from");
    if (from.isEmpty()) {
      simulator.playProfile(param(request, "home"), watts);
      return;
    }
    try {
      Duration step = Duration.parse(param(request, "step"));
      if (step.isNegative() || step.isZero()) {
        throw new IllegalArgumentException("step must be positive, was " + step);
      }
      simulator.playTimeline(param(request, "home"), Instant.parse(from.get()), step, watts);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("from is an instant such as 2026-01-01T00:00:00Z, step a duration such as PT1M");
    }
  }

  private List<Double> watts(String body) {
    try {
      JsonNode json = mapper.readTree(body);
      if (json == null || !json.isArray() || json.isEmpty()) {
        throw new IllegalArgumentException("body must be a JSON list of watts, e.g. [9000, 9100]");
      }
      List<Double> watts = new ArrayList<>();
      for (JsonNode value : (ArrayNode) json) {
        if (!value.isNumber()) {
          throw new IllegalArgumentException("not a number of watts: " + value);
        }
        watts.add(value.doubleValue());
      }
      return watts;
    } catch (IOException e) {
      throw new IllegalArgumentException("body must be a JSON list of watts, e.g. [9000, 9100]");
    }
  }

  /** {@code {"2026-11-02T17:00:00Z": 5.0, ...}}: kWh by the hour's start. */
  private java.util.Map<java.time.Instant, Double> hours(String body) {
    String usage = "body must be a JSON object of kWh by the hour's start, e.g. {\"2026-11-02T17:00:00Z\": 5.0}";
    try {
      JsonNode json = mapper.readTree(body);
      if (json == null || !json.isObject()) {
        throw new IllegalArgumentException(usage);
      }
      java.util.Map<java.time.Instant, Double> hours = new java.util.TreeMap<>();
      for (var field : (Iterable<java.util.Map.Entry<String, JsonNode>>) json::fields) {
        if (!field.getValue().isNumber()) {
          throw new IllegalArgumentException(usage);
        }
        hours.put(java.time.Instant.parse(field.getKey()), field.getValue().doubleValue());
      }
      return hours;
    } catch (IOException | java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(usage);
    }
  }

  private static String param(HttpRequest request, String name) {
    return request.getUri().query().get(name)
        .orElseThrow(() -> new IllegalArgumentException("query parameter '" + name + "' is required"));
  }

  private static int intParam(HttpRequest request, String name) {
    String raw = param(request, name);
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("query parameter '" + name + "' must be a number, was '" + raw + "'");
    }
  }

  private static boolean boolParam(HttpRequest request, String name) {
    String raw = param(request, name);
    if (!raw.equals("true") && !raw.equals("false")) {
      throw new IllegalArgumentException("query parameter '" + name + "' must be true or false");
    }
    return Boolean.parseBoolean(raw);
  }

  private HttpResponse unknown(String action) {
    return json(404, simulator.error("no simulator control '" + action + "'"));
  }
}
