package dev.powerwatch.notify;

import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import dev.powerwatch.support.ConfigReader;
import dev.powerwatch.support.Secret;
import dev.powerwatch.support.SecretText;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A JSON POST for Home Assistant, Node-RED and scripts: home, rule, state, values, title, message. */
public final class WebhookChannel extends BaseChannel {
  private static final int LONG_ID = 8;
  private final Secret url;
  private final Map<String, Secret> headers;

  WebhookChannel(String name, Secret url, Map<String, Secret> headers, ObjectMapper mapper) {
    super(name, "webhook", mapper);
    this.url = url;
    this.headers = Map.copyOf(headers);
  }

  @Override
  public HttpRequest request(Notification n) {
    ObjectNode body = mapper.createObjectNode()
        .put("id", n.id())
        .put("home", n.values().getOrDefault("home", n.homeId()))
        .put("homeId", n.homeId())
        .put("rule", n.rule())
        .put("state", n.state())
        .put("kind", n.kind().name().toLowerCase())
        .put("severity", n.severity().name().toLowerCase())
        .put("title", n.title())
        .put("message", n.message())
        .put("at", n.createdAt().toString());
    ObjectNode values = body.putObject("values");
    new java.util.TreeMap<>(n.values()).forEach(values::put);
    List<HttpHeader> extra = new ArrayList<>();
    headers.forEach((header, value) -> extra.add(Requests.header(header, value.reveal())));
    return Requests.postJson(url.reveal(), body, extra.toArray(new HttpHeader[0]));
  }

  @Override
  public List<Secret> secrets() {
    List<Secret> secrets = new ArrayList<>(headers.values());
    secrets.add(url);
    secrets.addAll(keysIn(URI.create(url.reveal())));
    return secrets;
  }

  /**
   * Parts of a webhook URL that are keys: query values, user info, and the path (a Home Assistant
   * webhook id is the secret) with its last segment alone when it is long enough to be an id.
   */
  static List<Secret> keysIn(URI uri) {
    List<Secret> keys = new ArrayList<>();
    String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (rawPath.length() > 1) {
      keys.add(Secret.of(rawPath));
      keys.add(Secret.of(uri.getPath()));
    }
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (!value.isEmpty()) {
          keys.add(Secret.of(value));
        }
      }
    }
    if (uri.getUserInfo() != null) {
      keys.add(Secret.of(uri.getUserInfo()));
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    if (last.length() >= LONG_ID) {
      keys.add(Secret.of(last));
    }
    return keys;
  }

  /** {@code type = webhook}: {@code url}, optional {@code headers} object (e.g. Authorization). */
  public static final class Factory implements ChannelFactory {
    @Override
    public String type() {
      return "webhook";
    }

    @Override
    public Set<String> keys() {
      return Set.of("url", "headers");
    }

    @Override
    public Channel create(String name, ConfigReader c, Context context) {
      Secret url = Secret.of(c.httpUrl("url").toString());
      Map<String, Secret> headers = new LinkedHashMap<>();
      if (c.has("headers")) {
        Config section = c.section("headers");
        ConfigReader reader = new ConfigReader(section, c.key("headers"));
        for (String header : section.root().keySet()) {
          if (!Requests.HEADER_NAME.matcher(header).matches()) {
            throw reader.problem(header, "is not a valid HTTP header name");
          }
          headers.put(header, reader.secret(ConfigUtil.joinPath(header), SecretText.Use.HEADER_VALUE));
        }
      }
      return new WebhookChannel(name, url, headers, context.mapper());
    }
  }
}
