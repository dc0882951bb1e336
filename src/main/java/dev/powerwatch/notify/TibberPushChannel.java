package dev.powerwatch.notify;

import akka.http.javadsl.model.HttpRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.powerwatch.support.ConfigReader;
import dev.powerwatch.support.Secret;
import dev.powerwatch.tibber.TibberAccount;
import dev.powerwatch.tibber.TibberSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tibber's own app push ({@code sendPushNotification}): every phone signed in to the account. With
 * several accounts, a home's notices go to the phones of the account it is watched through.
 */
public final class TibberPushChannel extends BaseChannel {
  static final String MUTATION = "mutation($input: PushNotificationInput!) {"
      + " sendPushNotification(input: $input) { successful pushedToNumberOfDevices } }";

  private final TibberSettings tibber;
  private volatile Map<String, Secret> tokenByHome = Map.of();

  public TibberPushChannel(String name, TibberSettings tibber, ObjectMapper mapper) {
    super(name, "tibber", mapper);
    this.tibber = tibber;
  }

  /** Once Tibber has listed each account's homes: which token pushes to each home's phones. */
  public void homesOfAccounts(Map<String, Secret> byHome) {
    tokenByHome = Map.copyOf(byHome);
  }

  @Override
  public HttpRequest request(Notification n) {
    Secret token = tokenByHome.getOrDefault(n.homeId(), tibber.token());
    ObjectNode input = mapper.createObjectNode()
        .put("title", n.title())
        .put("message", n.message())
        .put("screenToOpen", n.screenToOpen());
    ObjectNode body = mapper.createObjectNode().put("query", MUTATION);
    body.putObject("variables").set("input", input);
    return Requests.postJson(tibber.apiUrl().toString(), body,
        Requests.header("Authorization", "Bearer " + token.reveal()),
        Requests.header("User-Agent", tibber.userAgent()));
  }

  @Override
  public Outcome onSuccess(String body) {
    JsonNode json = parse(body);
    if (json == null) {
      return Answers.unexpected(this, "is not JSON", body);
    }
    JsonNode errors = json.path("errors");
    if (errors.isArray() && !errors.isEmpty()) {
      return new Outcome.Permanent("Tibber refused the push: " + redact(errors.get(0).path("message").asText()));
    }
    JsonNode result = json.path("data").path("sendPushNotification");
    if (!result.path("successful").asBoolean(false)) {
      return new Outcome.Permanent("Tibber answered successful=false");
    }
    return new Outcome.Delivered("pushed to " + result.path("pushedToNumberOfDevices").asInt(0) + " device(s)");
  }

  @Override
  public List<Secret> secrets() {
    return tibber.accounts().stream().map(TibberAccount::token).toList();
  }

  /** {@code type = tibber}: uses powerwatch.tibber's URL and token; no keys of its own. */
  public static final class Factory implements ChannelFactory {
    @Override
    public String type() {
      return "tibber";
    }

    @Override
    public Set<String> keys() {
      return Set.of();
    }

    @Override
    public Channel create(String name, ConfigReader c, Context context) {
      return new TibberPushChannel(name, context.tibber(), context.mapper());
    }
  }
}
