package dev.powerwatch.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The feed's socket against a server written here byte by byte (RFC 6455), not the simulator:
 * the upgrade it sends, a refused upgrade's status and Retry-After, frames split over TCP
 * writes, and Tibber's close codes.
 */
class JavaWebSocketConnectorTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final ServerSocket server = serverSocket();
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
  private static final class Events implements FeedSocket.Listener {
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
    return connector.connect(URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/v1-beta/gql/subscriptions"),
        "powerwatch/test", events);
  }

  /** Serves one connection on a thread of its own; the request's head is handed to {@code serve}. */
  private CompletableFuture<String> serveOnce(Server serve) {
    return CompletableFuture.supplyAsync(() -> {
      try (Socket socket = server.accept()) {
        socket.setTcpNoDelay(true);
        String head = readHead(socket.getInputStream());
        serve.handle(head, socket.getInputStream(), socket.getOutputStream());
        return head;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private interface Server {
    void handle(String requestHead, InputStream in, OutputStream out) throws IOException;
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static void refuse(OutputStream out, String statusLine, String... headers) throws IOException {
    StringBuilder response = new StringBuilder("HTTP/1.1 ").append(statusLine).append("\r\n");
    for (String header : headers) {
      response.append(header).append("\r\n");
    }
    response.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
    out.write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static void accept(String head, OutputStream out) throws Exception {
    Matcher key = Pattern.compile("(?i)Sec-WebSocket-Key: *(\\S+)").matcher(head);
    assertTrue(key.find(), head);
    byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(
        (key.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(sha1) + "\r\n"
        + "Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** An unmasked server frame with a payload under 126 bytes. */
  private static byte[] frame(int firstByte, byte[] payload) {
    byte[] frame = new byte[payload.length + 2];
    frame[0] = (byte) firstByte;
    frame[1] = (byte) payload.length;
    System.arraycopy(payload, 0, frame, 2, payload.length);
    return frame;
  }

  @Test
  void anUpgradeRefusedWith429WaitsItsRetryAfter() throws Exception {
    CompletableFuture<String> request = serveOnce((head, in, out) ->
        refuse(out, "429 Too Many Requests", "Retry-After: 120"));
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
    serveOnce((head, in, out) -> refuse(out, "401 Unauthorized"));
    connect();
    assertInstanceOf(Disconnect.Unauthorized.class, events.awaitEnd());
  }

  @Test
  void nobodyListeningIsAFailureThatSaysSo() throws Exception {
    int port = server.getLocalPort();
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
    serveOnce((head, in, out) -> {
      try {
        accept(head, out);
        byte[] both = ByteBuffer.allocate(first.length + second.length + 4)
            .put(frame(0x81, first)).put(frame(0x81, second)).array();
        out.write(both, 0, 7);
        out.flush();
        Thread.sleep(20); // two TCP segments, so the frame is split across the client's reads
        out.write(both, 7, both.length - 7);
        byte[] reason = "Forbidden".getBytes(StandardCharsets.UTF_8);
        byte[] close = ByteBuffer.allocate(2 + reason.length).putShort((short) 4403).put(reason).array();
        out.write(frame(0x88, close));
        out.flush();
        readHead(in); // until the client closes
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    connect();
    events.opened.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(new Disconnect.Unauthorized("closed with 4403 'Forbidden'"), events.awaitEnd());
    assertEquals(List.of(new String(first, StandardCharsets.UTF_8), new String(second, StandardCharsets.UTF_8)),
        events.texts);
  }
}
