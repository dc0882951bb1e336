package dev.powerwatch.notify;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.http.javadsl.Http;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.settings.ConnectionPoolSettings;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connection pool push requests go through: warm connections, but an attempt the Notifier has
 * given up on must never go out later. Akka's default pool queues requests behind busy connections,
 * tries a request again when its connection dies, and holds requests while it backs off from a
 * refused connection, so behind a hung or refusing service abandoned attempts went out once it
 * recovered, beside the Notifier's own retry. Here nothing is retried or held back, and a new
 * request opens a connection of its own rather than wait for one.
 */
final class PushPool {
  static final int MAX_CONNECTIONS = 32;
  /**
   * The body is read as soon as the answer comes; on a busy machine that can take more than Akka's
   * 1 s default, which then warns (naming the request's path) and fails the attempt.
   */
  /**
   * After a refused connection Akka's pool holds every request until its backoff ends, and sends
   * them then, after the Notifier gave up on them: the Notifier's own retries do the backing off.
   */
  private static final scala.concurrent.duration.FiniteDuration NO_BACKOFF =
      scala.concurrent.duration.Duration.create(0, java.util.concurrent.TimeUnit.MILLISECONDS);
  private static final scala.concurrent.duration.FiniteDuration ENTITY_READ_WITHIN =
      scala.concurrent.duration.Duration.create(10, java.util.concurrent.TimeUnit.SECONDS);
  private static final Map<ActorSystem<?>, ConnectionPoolSettings> SETTINGS = new ConcurrentHashMap<>();

  private PushPool() {}

  static CompletionStage<HttpResponse> send(ActorSystem<?> system, HttpRequest request) {
    Http http = Http.get(system);
    return http.singleRequest(request, http.defaultClientHttpsContext(), settings(system),
        Adapter.toClassic(system).log());
  }

  private static ConnectionPoolSettings settings(ActorSystem<?> system) {
    return SETTINGS.computeIfAbsent(system, s -> ConnectionPoolSettings.create(Adapter.toClassic(s))
        .withMaxRetries(0).withMaxConnections(MAX_CONNECTIONS).withMaxOpenRequests(2 * MAX_CONNECTIONS)
        .withResponseEntitySubscriptionTimeout(ENTITY_READ_WITHIN)
        .withBaseConnectionBackoff(NO_BACKOFF).withMaxConnectionBackoff(NO_BACKOFF));
  }
}
