package dev.powerwatch.tibber;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.powerwatch.tibber.TransportMessage.Complete;
import dev.powerwatch.tibber.TransportMessage.ConnectionAck;
import dev.powerwatch.tibber.TransportMessage.ConnectionInit;
import dev.powerwatch.tibber.TransportMessage.Error;
import dev.powerwatch.tibber.TransportMessage.Next;
import dev.powerwatch.tibber.TransportMessage.Ping;
import dev.powerwatch.tibber.TransportMessage.Pong;
import dev.powerwatch.tibber.TransportMessage.Subscribe;

/** JSON text to {@link TransportMessage} and back; a malformed frame is an exception that says why. */
public final class TransportCodec {
  private static final int QUOTED_FRAME_LIMIT = 200;

  private final ObjectMapper mapper;

  public TransportCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public TransportMessage decode(String text) throws MalformedFrameException {
    JsonNode json;
    try {
      json = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new MalformedFrameException("not JSON: " + quote(text));
    }
    if (json == null || !json.isObject()) {
      throw new MalformedFrameException("not a JSON object: " + quote(text));
    }
    JsonNode type = json.get("type");
    if (type == null || !type.isTextual()) {
      throw new MalformedFrameException("no 'type': " + quote(text));
    }
    return switch (type.textValue()) {
      case "connection_init" -> new ConnectionInit(optionalObject(json, "payload"));
      case "connection_ack" -> new ConnectionAck(optionalObject(json, "payload"));
      case "ping" -> new Ping(optionalObject(json, "payload"));
      case "pong" -> new Pong(optionalObject(json, "payload"));
      case "subscribe" -> subscribe(json);
      case "next" -> new Next(id(json), requiredObject(json, "payload"));
      case "error" -> new Error(id(json), requiredArray(json));
      case "complete" -> new Complete(id(json));
      default -> throw new MalformedFrameException("unknown type '" + type.textValue() + "'");
    };
  }

  public String encode(TransportMessage message) {
    ObjectNode json = mapper.createObjectNode();
    if (message instanceof ConnectionInit m) {
      withPayload(json, "connection_init", null, m.payload());
    } else if (message instanceof ConnectionAck m) {
      withPayload(json, "connection_ack", null, m.payload());
    } else if (message instanceof Ping m) {
      withPayload(json, "ping", null, m.payload());
    } else if (message instanceof Pong m) {
      withPayload(json, "pong", null, m.payload());
    } else if (message instanceof Subscribe m) {
      ObjectNode payload = mapper.createObjectNode().put("query", m.query());
      if (m.variables() != null) {
        payload.set("variables", m.variables());
      }
      withPayload(json, "subscribe", m.id(), payload);
    } else if (message instanceof Next m) {
      withPayload(json, "next", m.id(), m.payload());
    } else if (message instanceof Error m) {
      withPayload(json, "error", m.id(), m.payload());
    } else if (message instanceof Complete m) {
      withPayload(json, "complete", m.id(), null);
    }
    return json.toString();
  }

  private static void withPayload(ObjectNode json, String type, String id, JsonNode payload) {
    if (id != null) {
      json.put("id", id);
    }
    json.put("type", type);
    if (payload != null) {
      json.set("payload", payload);
    }
  }

  private static Subscribe subscribe(JsonNode json) throws MalformedFrameException {
    String id = id(json);
    JsonNode payload = requiredObject(json, "payload");
    JsonNode query = payload.get("query");
    if (query == null || !query.isTextual()) {
      throw new MalformedFrameException("subscribe " + id + " has no payload.query");
    }
    return new Subscribe(id, query.textValue(), optionalObject(payload, "variables"));
  }

  private static String id(JsonNode json) throws MalformedFrameException {
    JsonNode id = json.get("id");
    if (id == null || !id.isTextual() || id.textValue().isEmpty()) {
      throw new MalformedFrameException(json.get("type").textValue() + " without an 'id'");
    }
    return id.textValue();
  }

  private static JsonNode optionalObject(JsonNode json, String field) throws MalformedFrameException {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new MalformedFrameException("'" + field + "' is not an object");
    }
    return node;
  }

  private static JsonNode requiredObject(JsonNode json, String field) throws MalformedFrameException {
    JsonNode node = optionalObject(json, field);
    if (node == null) {
      throw new MalformedFrameException(json.get("type").textValue() + " without a '" + field + "'");
    }
    return node;
  }

  private static JsonNode requiredArray(JsonNode json) throws MalformedFrameException {
    JsonNode node = json.get("payload");
    if (node == null || !node.isArray()) {
      throw new MalformedFrameException("error without a 'payload' list");
    }
    return node;
  }

  private static String quote(String text) {
    String shown = text.length() > QUOTED_FRAME_LIMIT ? text.substring(0, QUOTED_FRAME_LIMIT) + "…" : text;
    return "'" + shown + "'";
  }
}
