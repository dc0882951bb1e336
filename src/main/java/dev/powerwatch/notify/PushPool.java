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
 * given up on must never go out later. Akka's default pool queues requests behind busy connections
 * and tries a request again when its connection dies, so behind a hung service every abandoned
 * attempt went out once it recovered, beside the Notifier's own retry. Here nothing is retried, and
 * a new request opens a connection of its own rather than wait for one.
 */
final class PushPool {
  static final int MAX_CONNECTIONS = 32;
  private static final Map<ActorSystem<?>, ConnectionPoolSettings> SETTINGS = new ConcurrentHashMap<>();

  private PushPool() {}

  static CompletionStage<HttpResponse> send(ActorSystem<?> system, HttpRequest request) {
    Http http = Http.get(system);
    return http.singleRequest(request, http.defaultClientHttpsContext(), settings(system),
        Adapter.toClassic(system).log());
  }

  private static ConnectionPoolSettings settings(ActorSystem<?> system) {
    return SETTINGS.computeIfAbsent(system, s -> ConnectionPoolSettings.create(Adapter.toClassic(s))
        .withMaxRetries(0).withMaxConnections(MAX_CONNECTIONS).withMaxOpenRequests(2 * MAX_CONNECTIONS));
  }
}
