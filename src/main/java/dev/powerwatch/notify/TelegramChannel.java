package dev.powerwatch.notify;

import akka.http.javadsl.model.HttpRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.powerwatch.support.ConfigReader;
import dev.powerwatch.support.Secret;
import dev.powerwatch.support.SecretText;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** A Telegram bot's {@code sendMessage} to one chat. The bot token is part of the URL: never logged. */
public final class TelegramChannel extends BaseChannel {
  private static final Pattern CHAT_ID = Pattern.compile("-?[0-9]+|@[A-Za-z0-9_]+");
  private final String baseUrl;
  private final Secret botToken;
  private final String chatId;

  TelegramChannel(String name, String baseUrl, Secret botToken, String chatId, ObjectMapper mapper) {
    super(name, "telegram", mapper);
    this.baseUrl = baseUrl;
    this.botToken = botToken;
    this.chatId = chatId;
  }

  @Override
  public HttpRequest request(Notification n) {
    ObjectNode body = mapper.createObjectNode()
        .put("chat_id", chatId)
        .put("text", n.title() + "\n" + n.message());
    return Requests.postJson(baseUrl + "/bot" + botToken.reveal() + "/sendMessage", body);
  }

  @Override
  public Outcome onSuccess(String body) {
    JsonNode json = parse(body);
    if (json == null || !json.has("ok")) {
      return Answers.unexpected(this, "is not Telegram's JSON", body);
    }
    return json.path("ok").asBoolean(false)
        ? new Outcome.Delivered("sent")
        : new Outcome.Permanent("Telegram answered ok=false" + Answers.snippet(this, body));
  }

  @Override
  public Optional<Duration> retryAfterInBody(String body) {
    JsonNode json = parse(body);
    JsonNode seconds = json == null ? null : json.path("parameters").get("retry_after");
    return seconds != null && seconds.canConvertToLong()
        ? Optional.of(Duration.ofSeconds(seconds.asLong())) : Optional.empty();
  }

  @Override
  public List<Secret> secrets() {
    return List.of(botToken);
  }

  /** {@code type = telegram}: {@code bot-token}, {@code chat-id}, optional {@code url}. */
  public static final class Factory implements ChannelFactory {
    @Override
    public String type() {
      return "telegram";
    }

    @Override
    public Channel create(String name, ConfigReader c, Context context) {
      return new TelegramChannel(name, Requests.baseUrl(c, "url", "https://api.telegram.org"),
          c.secret("bot-token", SecretText.Use.URL_SEGMENT), chatId(c), context.mapper());
    }

    private static String chatId(ConfigReader c) {
      String chatId = c.nonBlank("chat-id");
      if (!CHAT_ID.matcher(chatId).matches()) {
        throw c.problem("chat-id", "'" + chatId + "' is neither a numeric chat id nor an @channel name");
      }
      return chatId;
    }

    @Override
    public Set<String> keys() {
      return Set.of("url", "bot-token", "chat-id");
    }
  }
}
