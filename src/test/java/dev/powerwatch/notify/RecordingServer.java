package dev.powerwatch.notify;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A push service stand-in on loopback: records every request and answers from a script. */
public final class RecordingServer implements AutoCloseable {
  public record Recorded(String method, String path, String query, Map<String, String> headers, String contentType,
      String body, Instant at) {}

  private final ServerBinding binding;
  private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedDeque<HttpResponse> script = new ConcurrentLinkedDeque<>();
  private volatile HttpResponse otherwise = json(200, "{}");
  private volatile Runnable onRequest = () -> {};

  public RecordingServer(ActorSystem<?> system) throws Exception {
    akka.japi.function.Function<HttpRequest, CompletionStage<HttpResponse>> handler = request ->
        request.entity().toStrict(5_000, system).thenApply(entity -> {
          onRequest.run();
          Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
          request.getHeaders().forEach(h -> headers.put(h.name(), h.value()));
          requests.add(new Recorded(request.method().value(), request.getUri().path(),
              request.getUri().rawQueryString().orElse(""), headers, entity.getContentType().toString(),
              entity.getData().utf8String(), Instant.now()));
          HttpResponse next = script.poll();
          return next != null ? next : otherwise;
        });
    binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(handler).toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  public String url() {
    return "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  /** Answers the next requests with these, in order, then with {@link #otherwise(HttpResponse)}. */
  public void then(HttpResponse... responses) {
    script.addAll(java.util.List.of(responses));
  }

  /** Runs as each request arrives, before it is answered. */
  public void onRequest(Runnable action) {
    onRequest = action;
  }

  public void otherwise(HttpResponse response) {
    otherwise = response;
  }

  public Recorded take() throws InterruptedException {
    Recorded r = requests.poll(10, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no request reached the server");
    }
    return r;
  }

  public Optional<Recorded> poll(long millis) throws InterruptedException {
    return Optional.ofNullable(requests.poll(millis, TimeUnit.MILLISECONDS));
  }

  public static HttpResponse json(int status, String body) {
    return HttpResponse.create().withStatus(StatusCodes.get(status)).withEntity(ContentTypes.APPLICATION_JSON, body);
  }

  public static HttpResponse html(int status, String body) {
    return HttpResponse.create().withStatus(StatusCodes.get(status)).withEntity(ContentTypes.TEXT_HTML_UTF8, body);
  }

  public static HttpResponse withRetryAfter(int status, String seconds) {
    return json(status, "{}").addHeader(RawHeader.create("Retry-After", seconds));
  }

  static Map<String, String> form(String body) {
    return java.util.Arrays.stream(body.split("&")).map(p -> p.split("=", 2))
        .collect(Collectors.toMap(p -> decode(p[0]), p -> decode(p.length > 1 ? p[1] : "")));
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    binding.unbind();
  }
}
