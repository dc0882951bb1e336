package dev.powerwatch.notify;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpRequest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.powerwatch.support.ConfigReader;
import dev.powerwatch.support.SecretText;
import java.util.regex.Pattern;

/** Small helpers the channels share to build requests and read their settings. */
final class Requests {
  static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

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

  /**
   * A header built only from a checked name and value: Akka HTTP would otherwise throw or log an
   * illegal value in full (a hex dump of the line), and the value is often a key.
   */
  static HttpHeader header(String name, String value) {
    if (!HEADER_NAME.matcher(name).matches() || SecretText.problem(value, SecretText.Use.HEADER_VALUE).isPresent()) {
      throw new IllegalArgumentException("header " + name + " has a value that cannot be sent (not shown)");
    }
    return HttpHeader.parse(name, value);
  }
}
