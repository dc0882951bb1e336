package dev.powerwatch.notify;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpRequest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.powerwatch.support.ConfigReader;
import dev.powerwatch.support.Secret;

/** Small helpers the channels share to build requests and read their settings. */
final class Requests {
  private Requests() {}

  static HttpRequest postJson(String url, JsonNode body, HttpHeader... headers) {
    HttpRequest request = HttpRequest.POST(url).withEntity(ContentTypes.APPLICATION_JSON, body.toString());
    for (HttpHeader header : headers) {
      request = request.addHeader(header);
    }
    return request;
  }

  /** A base URL without a trailing slash, so paths can be appended; {@code fallback} when not set. */
  static String baseUrl(ConfigReader c, String key, String fallback) {
    return c.has(key) ? baseUrl(c, key) : fallback;
  }

  /** A required base URL without a trailing slash. */
  static String baseUrl(ConfigReader c, String key) {
    String text = c.httpUrl(key).toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  static Secret secret(ConfigReader c, String key) {
    return Secret.of(c.nonBlank(key));
  }

  static HttpHeader header(String name, String value) {
    return HttpHeader.parse(name, value);
  }
}
