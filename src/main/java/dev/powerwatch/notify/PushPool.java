package dev.powerwatch.notify;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import akka.actor.typed.javadsl.Adapter;
import akka.http.javadsl.Http;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.settings.ConnectionPoolSettings;
import java.util.concurrent.CompletionStage;

/**
 * The connection pool push requests go through: warm connections, but an attempt the Notifier has
 * given up on must never go out later. Akka's default pool queues requests behind busy connections,
 * tries a request again when its connection dies, and holds requests while it backs off from a
 * refused connection, so behind a hung or refusing service abandoned attempts went out once it
 * recovered, beside the Notifier's own retry. Here nothing is retried or held back, and a new
 * request opens a connection of its own rather than wait for one. One per actor system (an Akka
 * extension), made on its first push.
 */
final class PushPool implements Extension {
  static final int MAX_CONNECTIONS = 32;
  /**
   * The body is read as soon as the answer comes; on a busy machine that can take more than Akka's
   * 1 s default, which then warns (naming the request's path) and fails the attempt.
   */
  private static final scala.concurrent.duration.FiniteDuration ENTITY_READ_WITHIN =
      scala.concurrent.duration.Duration.create(10, java.util.concurrent.TimeUnit.SECONDS);
  /**
   * After a refused connection Akka's pool holds every request until its backoff ends, and sends
   * them then, after the Notifier gave up on them: the Notifier's own retries do the backing off.
   */
  private static final scala.concurrent.duration.FiniteDuration NO_BACKOFF =
      scala.concurrent.duration.Duration.create(0, java.util.concurrent.TimeUnit.MILLISECONDS);
  private static final Id ID = new Id();

  private static final class Id extends ExtensionId<PushPool> {
    @Override
    public PushPool createExtension(ActorSystem<?> system) {
      return new PushPool(system);
    }
  }

  private final ActorSystem<?> system;
  private final ConnectionPoolSettings settings;

  private PushPool(ActorSystem<?> system) {
    this.system = system;
    this.settings = ConnectionPoolSettings.create(Adapter.toClassic(system))
        .withMaxRetries(0).withMaxConnections(MAX_CONNECTIONS).withMaxOpenRequests(2 * MAX_CONNECTIONS)
        .withResponseEntitySubscriptionTimeout(ENTITY_READ_WITHIN)
        .withBaseConnectionBackoff(NO_BACKOFF).withMaxConnectionBackoff(NO_BACKOFF);
  }

  static CompletionStage<HttpResponse> send(ActorSystem<?> system, HttpRequest request) {
    return of(system).send(request);
  }

  static PushPool of(ActorSystem<?> system) {
    return ID.apply(system);
  }

  ConnectionPoolSettings settings() {
    return settings;
  }

  private CompletionStage<HttpResponse> send(HttpRequest request) {
    Http http = Http.get(system);
    return http.singleRequest(request, http.defaultClientHttpsContext(), settings, Adapter.toClassic(system).log());
  }
}
