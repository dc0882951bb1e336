package dev.powerwatch.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.fasterxml.jackson.databind.JsonNode;
import dev.powerwatch.Fixtures;
import dev.powerwatch.support.Json;
import dev.powerwatch.tibber.Measurement;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.Protocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's live feed enforces graphql-transport-ws and Tibber's rules, seen by a raw client. */
class SimulatorProtocolTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private TibberSimulator simulator;

  @BeforeEach
  void start() {
    simulator = Fixtures.simulator(testKit);
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** A plain WebSocket client speaking the subprotocol, recording frames and the close code. */
  private static final class RawClient extends WebSocketClient {
    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    final CompletableFuture<String> closeReason = new CompletableFuture<>();

    RawClient(URI uri, Map<String, String> headers) {
      super(uri, new Draft_6455(java.util.List.of(), java.util.List.of(new Protocol("graphql-transport-ws"))),
          headers);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {}

    @Override
    public void onMessage(String message) {
      frames.add(message);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
      closeReason.complete(reason);
      closeCode.complete(code);
    }

    @Override
    public void onError(Exception ex) {}

    String next() throws InterruptedException {
      String frame = frames.poll(10, TimeUnit.SECONDS);
      if (frame == null) {
        throw new AssertionError("no frame from the simulator");
      }
      return frame;
    }

    int awaitClose() throws Exception {
      return closeCode.get(10, TimeUnit.SECONDS);
    }
  }

  private RawClient connect() throws InterruptedException {
    RawClient client = new RawClient(simulator.websocketUrl(), Map.of("User-Agent", "raw-test/1.0"));
    assertTrue(client.connectBlocking(10, TimeUnit.SECONDS));
    return client;
  }

  private static String init(String token) {
    return "{\"type\":\"connection_init\",\"payload\":{\"token\":\"" + token + "\"}}";
  }

  private static String subscribe(String id, String home) {
    return "{\"id\":\"" + id + "\",\"type\":\"subscribe\",\"payload\":{\"query\":\"subscription($homeId: ID!)"
        + "{ liveMeasurement(homeId: $homeId){ timestamp power } }\",\"variables\":{\"homeId\":\"" + home + "\"}}}";
  }

  @Test
  void initAckSubscribeNext() throws Exception {
    RawClient client = connect();
    client.send(init(Fixtures.TOKEN));
    assertEquals("{\"type\":\"connection_ack\"}", client.next());
    client.send(subscribe("a", Fixtures.HOME_A));
    String next = client.next();
    assertTrue(next.startsWith("{\"id\":\"a\",\"type\":\"next\",\"payload\":{\"data\":{\"liveMeasurement\":{"), next);
    client.close();
  }

  @Test
  void everyReadingSentIsRecordedWithTheSubscriptionsItWentTo(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("deliveries.tsv");
    simulator.recordDeliveries(file);
    RawClient client = connect();
    client.send(init(Fixtures.TOKEN));
    client.next();
    client.send(subscribe("a", Fixtures.HOME_A));
    client.send(subscribe("b", Fixtures.HOME_A));
    JsonNode toBoth = readingSentToBoth(client);
    String expected = String.join("\t", Fixtures.HOME_A, toBoth.path("timestamp").asText(),
        String.valueOf(toBoth.path("power").asDouble()), "2");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.readAllLines(file).contains(expected)) {
      assertTrue(System.nanoTime() < deadline, "no line " + expected + " in " + Files.readAllLines(file));
      Thread.onSpinWait();
    }
    client.close();
  }

  /** The first reading that came on both subscriptions "a" and "b". */
  private static JsonNode readingSentToBoth(RawClient client) throws Exception {
    Map<String, String> firstIdByTimestamp = new java.util.HashMap<>();
    while (true) {
      JsonNode frame = Json.mapper().readTree(client.next());
      JsonNode reading = frame.path("payload").path("data").path("liveMeasurement");
      String earlier = firstIdByTimestamp.putIfAbsent(reading.path("timestamp").asText(), frame.path("id").asText());
      if (earlier != null && !earlier.equals(frame.path("id").asText())) {
        return reading;
      }
    }
  }

  @Test
  void aMeasurementsFieldsComeInTheSubscriptionsOrder() throws Exception {
    RawClient client = connect();
    client.send(init(Fixtures.TOKEN));
    client.next();
    client.send("{\"id\":\"a\",\"type\":\"subscribe\",\"payload\":{\"query\":\"subscription($homeId: ID!)"
        + "{ liveMeasurement(homeId: $homeId){ " + Measurement.FIELDS + " } }\",\"variables\":{\"homeId\":\""
        + Fixtures.HOME_A + "\"}}}");
    JsonNode live = Json.mapper().readTree(client.next()).path("payload").path("data").path("liveMeasurement");
    List<String> fields = new ArrayList<>();
    live.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of(Measurement.FIELDS.split(" ")), fields, "GraphQL answers in the query's order");
    client.close();
  }

  @Test
  void anInvalidTokenIsClosedWith4403() throws Exception {
    RawClient client = connect();
    client.send(init("wrong"));
    assertEquals(4403, client.awaitClose());
  }

  @Test
  void anEmptyInitPayloadIsClosedWith4500() throws Exception {
    RawClient client = connect();
    client.send("{\"type\":\"connection_init\"}");
    assertEquals(4500, client.awaitClose());
  }

  @Test
  void subscribingBeforeTheAckIsClosedWith4401() throws Exception {
    RawClient client = connect();
    client.send(subscribe("1", Fixtures.HOME_A));
    assertEquals(4401, client.awaitClose());
  }

  @Test
  void aDuplicateSubscriptionIdIsClosedWith4409() throws Exception {
    RawClient client = connect();
    client.send(init(Fixtures.TOKEN));
    client.next();
    client.send(subscribe("1", Fixtures.HOME_A));
    client.send(subscribe("1", Fixtures.HOME_B));
    assertEquals(4409, client.awaitClose());
  }

  @Test
  void anUnknownMessageIsClosedWith4400() throws Exception {
    RawClient client = connect();
    client.send("{\"type\":\"start\"}");
    assertEquals(4400, client.awaitClose());
  }

  @Test
  void aSecondInitIsClosedWith4429() throws Exception {
    RawClient client = connect();
    client.send(init(Fixtures.TOKEN));
    client.next();
    client.send(init(Fixtures.TOKEN));
    assertEquals(4429, client.awaitClose());
  }

  @Test
  void aThirdSocketPerTokenIsClosedWith4429() throws Exception {
    for (int i = 0; i < 2; i++) {
      RawClient ok = connect();
      ok.send(init(Fixtures.TOKEN));
      assertEquals("{\"type\":\"connection_ack\"}", ok.next());
    }
    RawClient third = connect();
    third.send(init(Fixtures.TOKEN));
    assertEquals(4429, third.awaitClose());
    assertEquals("Too many open connections on this server; count 2", third.closeReason.get());
  }

  @Test
  void aHomeWithoutPulseGetsAnErrorMessage() throws Exception {
    RawClient client = connect();
    client.send(init(Fixtures.TOKEN));
    client.next();
    client.send(subscribe("9", Fixtures.HOME_NO_PULSE));
    String error = client.next();
    assertTrue(error.startsWith("{\"id\":\"9\",\"type\":\"error\",\"payload\":[{\"message\":"), error);
  }

  @Test
  void pingIsAnsweredWithPong() throws Exception {
    RawClient client = connect();
    client.send(init(Fixtures.TOKEN));
    client.next();
    client.send("{\"type\":\"ping\"}");
    assertEquals("{\"type\":\"pong\"}", client.next());
  }

  @Test
  void anUpgradeWithoutUserAgentIsRefused() throws Exception {
    RawClient client = new RawClient(simulator.websocketUrl(), Map.of());
    client.connectBlocking(10, TimeUnit.SECONDS);
    client.awaitClose();
    assertEquals(0, simulator.openSockets());
    assertTrue(client.frames.isEmpty());
  }
}
