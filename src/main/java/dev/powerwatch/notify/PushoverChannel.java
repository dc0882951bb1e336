package dev.powerwatch.notify;

import akka.http.javadsl.model.FormData;
import akka.http.javadsl.model.HttpRequest;
import akka.japi.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.powerwatch.support.ConfigReader;
import dev.powerwatch.support.Secret;
import dev.powerwatch.support.SecretText;
import java.util.List;
import java.util.Set;

/** Pushover's Messages API: form fields token, user, title, message, priority. */
public final class PushoverChannel extends BaseChannel {
  private final String baseUrl;
  private final Secret appToken;
  private final Secret userKey;

  PushoverChannel(String name, String baseUrl, Secret appToken, Secret userKey, ObjectMapper mapper) {
    super(name, "pushover", mapper);
    this.baseUrl = baseUrl;
    this.appToken = appToken;
    this.userKey = userKey;
  }

  @Override
  public HttpRequest request(Notification n) {
    int priority = n.kind() == Notification.Kind.RESOLVED ? -1
        : n.severity() == Severity.CRITICAL ? 1 : n.severity() == Severity.WARNING ? 0 : -1;
    FormData form = FormData.create(List.of(
        Pair.create("token", appToken.reveal()),
        Pair.create("user", userKey.reveal()),
        Pair.create("title", n.title()),
        Pair.create("message", n.message()),
        Pair.create("priority", Integer.toString(priority))));
    return HttpRequest.POST(baseUrl + "/1/messages.json").withEntity(form.toEntity());
  }

  @Override
  public Outcome onSuccess(String body) {
    JsonNode json = parse(body);
    if (json == null) {
      return Answers.unexpected(this, "is not JSON", body);
    }
    if (json.path("status").asInt(0) == 1) {
      return new Outcome.Delivered("accepted");
    }
    return new Outcome.Permanent("Pushover answered status 0" + Answers.snippet(this, body));
  }

  @Override
  public List<Secret> secrets() {
    return List.of(appToken, userKey);
  }

  /** {@code type = pushover}: {@code token} (the app's), {@code user} (user or group key), optional {@code url}. */
  public static final class Factory implements ChannelFactory {
    @Override
    public String type() {
      return "pushover";
    }

    @Override
    public Channel create(String name, ConfigReader c, Context context) {
      return new PushoverChannel(name, Requests.baseUrl(c, "url", "https://api.pushover.net"),
          c.secret("token", SecretText.Use.TOKEN), c.secret("user", SecretText.Use.TOKEN), context.mapper());
    }

    @Override
    public Set<String> keys() {
      return Set.of("url", "token", "user");
    }
  }
}
