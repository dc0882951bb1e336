package dev.powerwatch.notify;

import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.powerwatch.support.ConfigReader;
import dev.powerwatch.support.Secret;
import dev.powerwatch.support.SecretText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** ntfy (self-hosted or ntfy.sh), published as JSON so titles may hold any character. */
public final class NtfyChannel extends BaseChannel {
  private final String baseUrl;
  private final Secret topic;
  private final Optional<Secret> token;
  private final Optional<Integer> priority;
  private final List<String> tags;

  NtfyChannel(String name, String baseUrl, Secret topic, Optional<Secret> token, Optional<Integer> priority,
      List<String> tags, ObjectMapper mapper) {
    super(name, "ntfy", mapper);
    this.baseUrl = baseUrl;
    this.topic = topic;
    this.token = token;
    this.priority = priority;
    this.tags = List.copyOf(tags);
  }

  @Override
  public HttpRequest request(Notification n) {
    ObjectNode body = mapper.createObjectNode()
        .put("topic", topic.reveal())
        .put("title", n.title())
        .put("message", n.message())
        .put("priority", priority.orElse(priorityOf(n)));
    List<String> allTags = new ArrayList<>(tags);
    allTags.add(n.kind() == Notification.Kind.RESOLVED ? "white_check_mark" : "zap");
    allTags.forEach(body.putArray("tags")::add);
    HttpHeader[] headers = token.map(t -> new HttpHeader[] {Requests.header("Authorization", "Bearer " + t.reveal())})
        .orElse(new HttpHeader[0]);
    return Requests.postJson(baseUrl + "/", body, headers);
  }

  @Override
  public Outcome onSuccess(String body) {
    return deliveredWithId(body, JsonNode::isTextual);
  }

  private static int priorityOf(Notification n) {
    if (n.kind() == Notification.Kind.RESOLVED) {
      return 3;
    }
    return n.severity() == Severity.CRITICAL ? 5 : n.severity() == Severity.WARNING ? 4 : 3;
  }

  @Override
  public List<Secret> secrets() {
    List<Secret> secrets = new ArrayList<>(List.of(topic));
    token.ifPresent(secrets::add);
    return secrets;
  }

  /** ntfy's own rule for topic names. */
  private static final Pattern TOPIC = Pattern.compile("[-_A-Za-z0-9]{1,64}");

  /** {@code type = ntfy}: {@code topic}, optional {@code url} (https://ntfy.sh), {@code token}, {@code priority} 1-5, {@code tags}. */
  public static final class Factory implements ChannelFactory {
    @Override
    public String type() {
      return "ntfy";
    }

    @Override
    public Set<String> keys() {
      return Set.of("url", "topic", "token", "priority", "tags");
    }

    private static Secret topic(ConfigReader c) {
      Secret topic = c.secret("topic", SecretText.Use.TOKEN);
      if (!TOPIC.matcher(topic.reveal()).matches()) {
        throw c.problem("topic", "may hold only letters, digits, '-' and '_', at most 64 (the value is not shown)");
      }
      return topic;
    }

    @Override
    public Channel create(String name, ConfigReader c, Context context) {
      Optional<Integer> priority = Optional.empty();
      if (c.has("priority")) {
        int p = c.integer("priority");
        if (p < 1 || p > 5) {
          throw c.problem("priority", "must be 1 (min) to 5 (urgent), was " + p);
        }
        priority = Optional.of(p);
      }
      return new NtfyChannel(name, Requests.baseUrl(c, "url", "https://ntfy.sh"), topic(c),
          c.optionalString("token").map(t -> c.secret("token", SecretText.Use.TOKEN)), priority,
          c.has("tags") ? c.stringList("tags") : List.of(), context.mapper());
    }
  }
}
