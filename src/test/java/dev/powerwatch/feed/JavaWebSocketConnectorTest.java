package dev.powerwatch.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The feed's socket against a server written here byte by byte (RFC 6455), not the simulator:
 * the upgrade it sends, a refused upgrade's status and Retry-After, frames split over TCP
 * writes, and Tibber's close codes.
 */
class JavaWebSocketConnectorTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final RawWebSocketServer server = new RawWebSocketServer(serverSocket());
  private final JavaWebSocketConnector connector = new JavaWebSocketConnector(Duration.ofSeconds(5), Clock.systemUTC());
  private final Events events = new Events();

  private static ServerSocket serverSocket() {
    try {
      return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void close() throws IOException {
    server.close();
  }

  /** What the listener heard, in order. */
  static final class Events implements FeedSocket.Listener {
    final List<String> texts = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> opened = new CompletableFuture<>();
    final CompletableFuture<Disconnect> ended = new CompletableFuture<>();

    @Override
    public void opened() {
      opened.complete(null);
    }

    @Override
    public void text(ByteBuffer utf8) {
      texts.add(StandardCharsets.UTF_8.decode(utf8).toString());
    }

    @Override
    public void text(String message) {
      texts.add(message);
    }

    @Override
    public void binary() {
      texts.add("(binary)");
    }

    @Override
    public void readDone() {}

    @Override
    public void ended(Disconnect reason) {
      ended.complete(reason);
    }

    Disconnect awaitEnd() throws Exception {
      return ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private FeedSocket connect() {
    return connector.connect(URI.create("ws://127.0.0.1:" + server.port() + "/v1-beta/gql/subscriptions"),
        "powerwatch/test", events);
  }

  @Test
  void anUpgradeRefusedWith429WaitsItsRetryAfter() throws Exception {
    CompletableFuture<String> request = server.serveOnce((head, in, out) ->
        RawWebSocketServer.refuse(out, "429 Too Many Requests", "Retry-After: 120"));
    connect();
    Disconnect reason = events.awaitEnd();
    assertEquals(new Disconnect.RateLimited("upgrade refused with HTTP 429", Optional.of(Duration.ofSeconds(120))),
        reason);
    String head = request.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(head.startsWith("GET /v1-beta/gql/subscriptions HTTP/1.1\r\n"), head);
    assertTrue(head.contains("Sec-WebSocket-Protocol: graphql-transport-ws\r\n"), head);
    assertTrue(head.contains("User-Agent: powerwatch/test\r\n"), head);
  }

  @Test
  void anUpgradeRefusedWith401IsATokenTheServerDoesNotTake() throws Exception {
    server.serveOnce((head, in, out) -> RawWebSocketServer.refuse(out, "401 Unauthorized"));
    connect();
    assertInstanceOf(Disconnect.Unauthorized.class, events.awaitEnd());
  }

  @Test
  void nobodyListeningIsAFailureThatSaysSo() throws Exception {
    int port = server.port();
    server.close();
    connector.connect(URI.create("ws://127.0.0.1:" + port + "/"), "powerwatch/test", events);
    Disconnect reason = events.awaitEnd();
    assertInstanceOf(Disconnect.Failed.class, reason);
    assertTrue(reason.detail().contains("refused"), reason.detail());
  }

  @Test
  void framesSplitOverWritesArriveWholeAndACloseCodeEndsTheSocket() throws Exception {
    byte[] first = "{\"type\":\"connection_ack\"}".getBytes(StandardCharsets.UTF_8);
    byte[] second = "{\"id\":\"1\",\"type\":\"next\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8);
    server.serveOnce((head, in, out) -> {
      RawWebSocketServer.accept(head, out);
      byte[] both = ByteBuffer.allocate(first.length + second.length + 4)
          .put(RawWebSocketServer.frame(0x81, first)).put(RawWebSocketServer.frame(0x81, second)).array();
      out.write(both, 0, 7);
      out.flush();
      Thread.sleep(20); // two TCP segments, so the frame is split across the client's reads
      out.write(both, 7, both.length - 7);
      byte[] reason = "Forbidden".getBytes(StandardCharsets.UTF_8);
      byte[] close = ByteBuffer.allocate(2 + reason.length).putShort((short) 4403).put(reason).array();
      out.write(RawWebSocketServer.frame(0x88, close));
      out.flush();
      RawWebSocketServer.readHead(in); // until the client closes
    });
    connect();
    events.opened.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(new Disconnect.Unauthorized("closed with 4403 'Forbidden'"), events.awaitEnd());
    assertEquals(List.of(new String(first, StandardCharsets.UTF_8), new String(second, StandardCharsets.UTF_8)),
        events.texts);
  }

  /** The server may close right after the upgrade, before the feed sends its connection_init. */
  @Test
  void aFrameForASocketTheServerHasClosedIsDropped() throws Exception {
    server.serveOnce((head, in, out) -> {
      RawWebSocketServer.accept(head, out);
      out.write(RawWebSocketServer.frame(0x88, ByteBuffer.allocate(2).putShort((short) 1001).array()));
      out.flush();
      RawWebSocketServer.readHead(in);
    });
    FeedSocket socket = connect();
    events.opened.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    events.awaitEnd();
    socket.send("{\"type\":\"connection_init\"}");
  }

  /**
   * The client's close must reach a server that is sending all the while: frames the client has
   * not read when it closes, or its writer stopped before its close frame went out, end the
   * connection without the close handshake, and the server sees 1006.
   */
  @Test
  void aCloseWhileTheServerKeepsSendingReachesItBeforeTheConnectionEnds() throws Exception {
    for (int round = 0; round < 20; round++) {
      List<RawWebSocketServer.ClientFrame> frames = new CopyOnWriteArrayList<>();
      CompletableFuture<String> served = server.serveOnce((head, in, out) -> {
        RawWebSocketServer.accept(head, out);
        Thread flood = new Thread(() -> floodUntilInterrupted(out));
        flood.setDaemon(true);
        flood.start();
        RawWebSocketServer.ClientFrame frame;
        do {
          frame = RawWebSocketServer.readClientFrame(in);
          if (frame != null) {
            frames.add(frame);
          }
        } while (frame != null && frame.opcode() != RawWebSocketServer.ClientFrame.CLOSE);
        flood.interrupt();
        flood.join();
        if (frame != null) {
          out.write(RawWebSocketServer.frame(0x88, new byte[] {0x03, (byte) 0xe8}));
          out.flush();
          RawWebSocketServer.readHead(in); // until the client closes
        }
      });
      Events roundEvents = new Events();
      FeedSocket socket = connector.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"), "powerwatch/test",
          roundEvents);
      roundEvents.opened.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      for (int id = 1; id <= 3; id++) {
        socket.send("{\"id\":\"" + id + "\",\"type\":\"complete\"}");
      }
      socket.close();
      assertInstanceOf(Disconnect.GoingAway.class, roundEvents.awaitEnd());
      try {
        served.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("round " + round + ": the client ended, but the server still waits for its close;"
            + " it received opcodes " + frames.stream().map(RawWebSocketServer.ClientFrame::opcode).toList());
      }
      assertEquals(List.of(1, 1, 1, 8), frames.stream().map(RawWebSocketServer.ClientFrame::opcode).toList(),
          "round " + round + ": three completes, then the close");
      assertEquals(1000, frames.get(3).closeCode(), "round " + round);
    }
  }

  @Test
  void aServerThatNeverAnswersTheCloseHasTheConnectionEndedAfterTheTimeout() throws Exception {
    CompletableFuture<Long> endedAfterClose = new CompletableFuture<>();
    server.serveOnce((head, in, out) -> {
      RawWebSocketServer.accept(head, out);
      RawWebSocketServer.ClientFrame frame = RawWebSocketServer.readClientFrame(in);
      assertEquals(RawWebSocketServer.ClientFrame.CLOSE, frame.opcode());
      long closeAt = System.nanoTime();
      assertEquals(null, RawWebSocketServer.readClientFrame(in), "nothing after the close");
      endedAfterClose.complete(System.nanoTime() - closeAt);
    });
    FeedSocket socket = connect();
    events.opened.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    socket.close();
    assertInstanceOf(Disconnect.GoingAway.class, events.awaitEnd());
    long waitedNanos = endedAfterClose.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(waitedNanos >= JavaWebSocketConnector.CLOSE_ANSWER_TIMEOUT.toNanos() / 2,
        "the connection ended " + waitedNanos / 1_000_000 + " ms after the close, before the server could answer");
  }

  private static void floodUntilInterrupted(java.io.OutputStream out) {
    byte[] next = RawWebSocketServer.frame(0x81,
        "{\"id\":\"1\",\"type\":\"next\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8));
    try {
      while (!Thread.currentThread().isInterrupted()) {
        out.write(next);
        out.flush();
      }
    } catch (IOException closed) {
      // the client is gone
    }
  }
}
