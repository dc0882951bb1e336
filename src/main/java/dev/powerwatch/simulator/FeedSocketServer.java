package dev.powerwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.powerwatch.tibber.MalformedFrameException;
import dev.powerwatch.tibber.TransportCodec;
import dev.powerwatch.tibber.TransportMessage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's live feed: {@code graphql-transport-ws} as Tibber enforces it. It runs on its
 * own WebSocket server because Akka HTTP's server cannot close a socket with an application code
 * (4403, 4429, 4500), and rehearsing those closes is what the simulator is for.
 */
final class FeedSocketServer extends WebSocketServer {
  private static final Logger log = LoggerFactory.getLogger(FeedSocketServer.class);

  private final SimulatorState state;
  private final TransportCodec codec;
  private final ObjectMapper mapper;
  private final ScheduledExecutorService scheduler;
  private final Duration initTimeout;
  private static final long PAUSE_NANOS = 50_000;
  private static final int MAX_QUEUED_FRAMES = 4_096;
  private final CountDownLatch started = new CountDownLatch(1);

  FeedSocketServer(InetSocketAddress address, SimulatorState state, ObjectMapper mapper,
      ScheduledExecutorService scheduler, Duration initTimeout) {
    super(address, List.of(new Draft_6455(Collections.emptyList(),
        List.of(new Protocol(TransportMessage.SUBPROTOCOL)))));
    this.state = state;
    this.mapper = mapper;
    this.codec = new TransportCodec(mapper);
    this.scheduler = scheduler;
    this.initTimeout = initTimeout;
    setReuseAddr(true);
    setTcpNoDelay(true);
    setConnectionLostTimeout(0);
  }

  void startAndWait() throws InterruptedException {
    start();
    if (!started.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("simulator socket server did not start");
    }
  }

  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
      WebSocket conn, Draft draft, ClientHandshake request) throws InvalidDataException {
    state.connectionAttempts.incrementAndGet();
    String userAgent = request.getFieldValue("User-Agent");
    if (userAgent == null || userAgent.isBlank()) {
      state.refusedUpgrades.incrementAndGet();
      throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "User-Agent header required");
    }
    state.userAgents.add(userAgent);
    return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    SocketSession session = new SocketSession();
    conn.setAttachment(session);
    state.peakOpenSockets.accumulateAndGet((int) openSockets(), Math::max);
    session.initTimeout = scheduler.schedule(() -> {
      if (!session.initReceived) {
        conn.close(4408, "Connection initialisation timeout");
      }
    }, initTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    if (remote) {
      state.clientCloseCodes.add(code);
    }
    SocketSession session = conn.getAttachment();
    if (session != null && session.initTimeout != null) {
      session.initTimeout.cancel(false);
    }
  }

  @Override
  public void onMessage(WebSocket conn, String text) {
    SocketSession session = conn.getAttachment();
    TransportMessage message;
    try {
      message = codec.decode(text);
    } catch (MalformedFrameException e) {
      conn.close(4400, e.getMessage());
      return;
    }
    if (message instanceof TransportMessage.ConnectionInit init) {
      onInit(conn, session, init);
    } else if (message instanceof TransportMessage.Subscribe subscribe) {
      onSubscribe(conn, session, subscribe);
    } else if (message instanceof TransportMessage.Ping) {
      send(conn, new TransportMessage.Pong(null));
    } else if (message instanceof TransportMessage.Complete complete) {
      session.homeBySubscription.remove(complete.id());
      state.completesReceived.incrementAndGet();
    } else if (message instanceof TransportMessage.Pong) {
      state.pongs.incrementAndGet();
    } else {
      conn.close(4400, "Invalid message type from client");
    }
  }

  private void onInit(WebSocket conn, SocketSession session, TransportMessage.ConnectionInit init) {
    if (session.initReceived) {
      conn.close(4429, "Too many initialisation requests");
      return;
    }
    session.initReceived = true;
    JsonNode token = init.payload() == null ? null : init.payload().get("token");
    if (token == null || !token.isTextual() || token.textValue().isBlank()) {
      conn.close(4500, "Internal server error");
      return;
    }
    if (!state.acceptsToken(token.textValue())) {
      conn.close(4403, "Forbidden");
      return;
    }
    synchronized (state) {
      long open = acknowledgedSockets(token.textValue());
      if (open >= state.maxSocketsPerToken) {
        conn.close(4429, "Too many open connections on this server; count " + open);
        return;
      }
      session.token = token.textValue();
      session.acknowledged = true;
      state.socketsAcknowledged(session.token, open + 1);
    }
    if (state.withholdAck) {
      return;
    }
    send(conn, new TransportMessage.ConnectionAck(null));
  }

  private long acknowledgedSockets(String token) {
    return getConnections().stream()
        .map(c -> (SocketSession) c.getAttachment())
        .filter(s -> s != null && s.acknowledged && token.equals(s.token))
        .count();
  }

  private void onSubscribe(WebSocket conn, SocketSession session, TransportMessage.Subscribe subscribe) {
    if (!session.acknowledged) {
      conn.close(4401, "Unauthorized");
      return;
    }
    if (session.homeBySubscription.containsKey(subscribe.id())) {
      conn.close(4409, "Subscriber for " + subscribe.id() + " already exists");
      return;
    }
    String problem = subscriptionProblem(session.token, subscribe);
    if (problem != null) {
      ArrayNode errors = mapper.createArrayNode();
      errors.addObject().put("message", problem);
      send(conn, new TransportMessage.Error(subscribe.id(), errors));
      return;
    }
    String homeId = subscribe.variables().get("homeId").textValue();
    session.homeBySubscription.put(subscribe.id(), homeId);
    state.subscribeCount(homeId).incrementAndGet();
    state.lastSubscribeEpochMillis = System.currentTimeMillis();
  }

  private String subscriptionProblem(String token, TransportMessage.Subscribe subscribe) {
    if (!subscribe.query().contains("liveMeasurement")) {
      return "the simulator serves only liveMeasurement subscriptions";
    }
    JsonNode homeId = subscribe.variables() == null ? null : subscribe.variables().get("homeId");
    if (homeId == null || !homeId.isTextual()) {
      return "Variable \"$homeId\" of required type \"ID!\" was not provided.";
    }
    SimulatedHome home = state.home(token, homeId.textValue());
    if (home == null) {
      return "home " + homeId.textValue() + " not found";
    }
    if (!home.realTimeConsumptionEnabled()) {
      return "unable to start stream for home " + home.id() + ": real-time consumption is not enabled";
    }
    return null;
  }

  /** Sends one reading of a home to every subscription of it; returns how many that was. */
  int publish(String homeId, ObjectNode liveMeasurement) {
    ObjectNode payload = mapper.createObjectNode();
    payload.putObject("data").set("liveMeasurement", liveMeasurement);
    int[] sent = {0};
    forEachSubscription(homeId, (conn, id) -> {
      send(conn, new TransportMessage.Next(id, payload));
      sent[0]++;
    });
    return sent[0];
  }

  /**
   * Sends {@code count} readings of one home as fast as the socket takes them, cycling through
   * {@code readings}; pauses while more than a few thousand frames wait, so a slow client slows
   * the flood instead of filling memory.
   * Returns how many frames went out.
   */
  long flood(String homeId, long count, List<ObjectNode> readings) {
    List<Runnable> senders = new ArrayList<>();
    long[] sent = {0};
    forEachSubscription(homeId, (conn, id) -> senders.add(() -> {
      List<String> frames = readings.stream().map(m -> {
        ObjectNode payload = mapper.createObjectNode();
        payload.putObject("data").set("liveMeasurement", m);
        return codec.encode(new TransportMessage.Next(id, payload));
      }).toList();
      for (long i = 0; i < count && conn.isOpen(); i++) {
        conn.send(frames.get((int) (i % frames.size())));
        sent[0]++;
        while (queued(conn) > MAX_QUEUED_FRAMES && conn.isOpen()) {
          LockSupport.parkNanos(PAUSE_NANOS);
        }
      }
    }));
    senders.forEach(Runnable::run);
    return sent[0];
  }

  private static int queued(WebSocket conn) {
    return conn instanceof WebSocketImpl impl ? impl.outQueue.size() : 0;
  }

  void completeSubscriptions(String homeId) {
    forEachSubscription(homeId, (conn, id) -> {
      ((SocketSession) conn.getAttachment()).homeBySubscription.remove(id);
      send(conn, new TransportMessage.Complete(id));
    });
  }

  void failSubscriptions(String homeId, String message) {
    forEachSubscription(homeId, (conn, id) -> {
      ((SocketSession) conn.getAttachment()).homeBySubscription.remove(id);
      ArrayNode errors = mapper.createArrayNode();
      errors.addObject().put("message", message);
      send(conn, new TransportMessage.Error(id, errors));
    });
  }

  List<String> subscribedHomes() {
    List<String> homes = new ArrayList<>();
    for (WebSocket conn : getConnections()) {
      SocketSession session = conn.getAttachment();
      if (session != null) {
        session.homeBySubscription.values().stream().filter(h -> !homes.contains(h)).forEach(homes::add);
      }
    }
    return homes;
  }

  void closeAll(int code, String reason) {
    getConnections().forEach(conn -> conn.close(code, reason));
  }

  void dropAll() {
    getConnections().forEach(conn -> conn.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped by the simulator"));
  }

  /** To every open socket; one that closes meanwhile is skipped. */
  void sendRaw(String text) {
    for (WebSocket conn : getConnections()) {
      try {
        conn.send(text);
      } catch (org.java_websocket.exceptions.WebsocketNotConnectedException closing) {
        log.debug("A socket closed before a raw frame could go out on it");
      }
    }
  }

  long openSockets() {
    return getConnections().stream().filter(WebSocket::isOpen).count();
  }

  private void forEachSubscription(String homeId, SubscriptionAction action) {
    for (WebSocket conn : getConnections()) {
      SocketSession session = conn.getAttachment();
      if (session == null || !conn.isOpen()) {
        continue;
      }
      for (var entry : List.copyOf(session.homeBySubscription.entrySet())) {
        if (entry.getValue().equals(homeId)) {
          action.apply(conn, entry.getKey());
        }
      }
    }
  }

  private interface SubscriptionAction {
    void apply(WebSocket conn, String subscriptionId);
  }

  private void send(WebSocket conn, TransportMessage message) {
    if (conn.isOpen()) {
      conn.send(codec.encode(message));
    }
  }

  @Override
  public void onMessage(WebSocket conn, java.nio.ByteBuffer bytes) {
    conn.close(4400, "Binary frames are not supported");
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {
    log.debug("Simulator socket error: {}", ex.toString());
  }

  @Override
  public void onStart() {
    started.countDown();
  }
}
