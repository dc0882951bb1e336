package dev.powerwatch.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** What every channel has: its configured name, its type, and the JSON mapper for bodies. */
abstract class BaseChannel implements Channel {
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

  /** The body as JSON, or {@code null} when it is not JSON. */
  protected JsonNode parse(String body) {
    try {
      return mapper.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }
}
