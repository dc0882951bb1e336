package dev.powerwatch.tibber;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The messages of the {@code graphql-transport-ws} subprotocol (graphql-ws PROTOCOL.md). */
public sealed interface TransportMessage {
  String SUBPROTOCOL = "graphql-transport-ws";

  /** Client to server; the payload is optional (Tibber expects {@code {"token": ...}}). */
  record ConnectionInit(JsonNode payload) implements TransportMessage {}

  record ConnectionAck(JsonNode payload) implements TransportMessage {}

  record Ping(JsonNode payload) implements TransportMessage {}

  record Pong(JsonNode payload) implements TransportMessage {}

  record Subscribe(String id, String query, JsonNode variables) implements TransportMessage {}

  /** An execution result: {@code payload.data} and/or {@code payload.errors}. */
  record Next(String id, JsonNode payload) implements TransportMessage {
    public List<String> errorMessages() {
      return messagesOf(payload.get("errors"));
    }
  }

  /** The payload is a list of GraphQL errors. */
  record Error(String id, JsonNode payload) implements TransportMessage {
    public List<String> errorMessages() {
      return messagesOf(payload);
    }
  }

  record Complete(String id) implements TransportMessage {}

  private static List<String> messagesOf(JsonNode errors) {
    List<String> messages = new ArrayList<>();
    if (errors != null && errors.isArray()) {
      for (JsonNode e : errors) {
        JsonNode message = e.get("message");
        messages.add(message != null && message.isTextual() ? message.textValue() : e.toString());
      }
    }
    return messages;
  }
}
