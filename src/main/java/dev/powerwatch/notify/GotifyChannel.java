package dev.powerwatch.notify;

import akka.http.javadsl.model.HttpRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.powerwatch.support.ConfigReader;
import dev.powerwatch.support.Secret;
import dev.powerwatch.support.SecretText;
import java.util.List;
import java.util.Set;

/** A Gotify server's {@code POST /message} with an application token. */
public final class GotifyChannel extends BaseChannel {
  private final String baseUrl;
  private final Secret appToken;

  GotifyChannel(String name, String baseUrl, Secret appToken, ObjectMapper mapper) {
    super(name, "gotify", mapper);
    this.baseUrl = baseUrl;
    this.appToken = appToken;
  }

  @Override
  public HttpRequest request(Notification n) {
    int priority = n.kind() == Notification.Kind.RESOLVED ? 2
        : n.severity() == Severity.CRITICAL ? 8 : n.severity() == Severity.WARNING ? 5 : 2;
    ObjectNode body = mapper.createObjectNode()
        .put("title", n.title())
        .put("message", n.message())
        .put("priority", priority);
    return Requests.postJson(baseUrl + "/message", body, Requests.header("X-Gotify-Key", appToken.reveal()));
  }

  @Override
  public Outcome onSuccess(String body) {
    return deliveredWithId(body, JsonNode::canConvertToLong);
  }

  @Override
  public List<Secret> secrets() {
    return List.of(appToken);
  }

  /** {@code type = gotify}: {@code url} of the server, {@code token} of the application. */
  public static final class Factory implements ChannelFactory {
    @Override
    public String type() {
      return "gotify";
    }

    @Override
    public Channel create(String name, ConfigReader c, Context context) {
      return new GotifyChannel(name, Requests.baseUrl(c, "url"), c.secret("token", SecretText.Use.TOKEN),
          context.mapper());
    }

    @Override
    public Set<String> keys() {
      return Set.of("url", "token");
    }
  }
}
