package dev.powerwatch.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.function.Predicate;

/** What every HTTP channel has: its configured name, its type, and the JSON mapper for bodies. */
abstract class BaseChannel implements HttpChannel {
  private final String name;
  private final String type;
  protected final ObjectMapper mapper;

  BaseChannel(String name, String type, ObjectMapper mapper) {
    this.name = name;
    this.type = type;
    this.mapper = mapper;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String type() {
    return type;
  }

  /** Delivered when the answer carries a message id as {@code isId} knows it; else not the service's answer. */
  protected Outcome deliveredWithId(String body, Predicate<JsonNode> isId) {
    JsonNode json = parse(body);
    JsonNode id = json == null ? null : json.get("id");
    return id != null && isId.test(id) ? new Outcome.Delivered("message " + id.asText())
        : Answers.unexpected(this, "has no message id", body);
  }

  /** The body as JSON, or {@code null} when it is not JSON. */
  protected JsonNode parse(String body) {
    try {
      return mapper.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }
}
