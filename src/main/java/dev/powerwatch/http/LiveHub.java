package dev.powerwatch.http;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.http.javadsl.model.ws.Message;
import akka.http.javadsl.model.ws.TextMessage;
import akka.japi.Pair;
import akka.stream.BoundedSourceQueue;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.tibber.Measurement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fans measurements out to local WebSocket clients ({@code /api/live}) and keeps each home's
 * latest for {@code /api/state}. The feed never waits for a client: each client has a small
 * buffer that drops its oldest entries when the client reads too slowly, counted in /metrics.
 */
public final class LiveHub {
  /** Measurements a slow client may fall behind before its oldest are dropped. */
  static final int CLIENT_BUFFER = 100;

  /**
   * A client's measurements not yet taken by its socket, the oldest dropped beyond
   * {@link #CLIENT_BUFFER}; {@code wake} tells the client's stream there is something to take.
   */
  private record Client(Optional<String> homeId, Backlog backlog, BoundedSourceQueue<Boolean> wake) {}

  private static final class Backlog {
    private final ArrayDeque<String> items = new ArrayDeque<>();

    /** Adds the newest; whether the oldest had to go for it. */
    synchronized boolean add(String json) {
      boolean full = items.size() >= CLIENT_BUFFER;
      if (full) {
        items.removeFirst();
      }
      items.addLast(json);
      return full;
    }

    synchronized List<String> drain() {
      List<String> all = new ArrayList<>(items);
      items.clear();
      return all;
    }
  }

  private final ObjectMapper mapper;
  private final Metrics metrics;
  private final Map<Long, Client> clients = new ConcurrentHashMap<>();
  private final Map<String, Measurement> latest = new ConcurrentHashMap<>();
  private final AtomicLong clientNumbers = new AtomicLong();
  private volatile boolean closed;

  public LiveHub(ObjectMapper mapper, Metrics metrics) {
    this.mapper = mapper;
    this.metrics = metrics;
  }

  /** Hands a measurement from the feed to every client that watches its home. */
  public void publish(Measurement m) {
    latest.put(m.homeId(), m);
    if (clients.isEmpty()) {
      return;
    }
    String json = json(m);
    for (Client client : clients.values()) {
      if (client.homeId().map(m.homeId()::equals).orElse(true)) {
        if (client.backlog().add(json)) {
          metrics.liveDropped(1);
        }
        client.wake().offer(Boolean.TRUE);
      }
    }
  }

  public Map<String, Measurement> latest() {
    return Map.copyOf(latest);
  }

  /** The WebSocket flow of one client; {@code homeId} filters, empty means every home. */
  public Flow<Message, Message, NotUsed> clientFlow(ActorSystem<?> system, Optional<String> homeId) {
    // A wake-up left pending while the client is busy is enough: its turn takes all there is then.
    Pair<BoundedSourceQueue<Boolean>, Source<Boolean, NotUsed>> wake =
        Source.<Boolean>queue(1).preMaterialize(system);
    Backlog backlog = new Backlog();
    long number = clientNumbers.incrementAndGet();
    if (closed) {
      wake.first().complete();
    } else {
      clients.put(number, new Client(homeId, backlog, wake.first()));
      metrics.liveClients(clients.size());
    }
    Source<Message, NotUsed> out = wake.second()
        .mapConcat(ignored -> backlog.drain())
        .<Message>map(TextMessage::create)
        .watchTermination((mat, done) -> {
          done.whenComplete((ok, failure) -> leave(number));
          return mat;
        });
    return Flow.fromSinkAndSourceCoupled(Sink.ignore(), out);
  }

  /** Ends every client's socket with a close frame; new clients are closed at once. */
  public void closeAll() {
    closed = true;
    clients.values().forEach(client -> client.wake().complete());
  }

  private void leave(long number) {
    clients.remove(number);
    metrics.liveClients(clients.size());
  }

  private String json(Measurement m) {
    try {
      return mapper.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a measurement is always JSON", e);
    }
  }

  int clients() {
    return clients.size();
  }
}
