package dev.powerwatch.feed;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A WebSocket server written byte by byte from RFC 6455, one connection at a time, for the socket's tests. */
final class RawWebSocketServer implements AutoCloseable {
  private final ServerSocket server;

  RawWebSocketServer(ServerSocket server) {
    this.server = server;
  }

  int port() {
    return server.getLocalPort();
  }

  interface Handler {
    void handle(String requestHead, InputStream in, OutputStream out) throws Exception;
  }

  /** Serves one connection on a thread of its own; completes with the request's head. */
  CompletableFuture<String> serveOnce(Handler handler) {
    return CompletableFuture.supplyAsync(() -> {
      try (Socket socket = server.accept()) {
        socket.setTcpNoDelay(true);
        String head = readHead(socket.getInputStream());
        handler.handle(head, socket.getInputStream(), socket.getOutputStream());
        return head;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** Up to the blank line that ends an HTTP head, or the end of the stream. */
  static String readHead(InputStream in) throws IOException {
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

  static void refuse(OutputStream out, String statusLine, String... headers) throws IOException {
    StringBuilder response = new StringBuilder("HTTP/1.1 ").append(statusLine).append("\r\n");
    for (String header : headers) {
      response.append(header).append("\r\n");
    }
    response.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
    out.write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Switches protocols, choosing graphql-transport-ws. */
  static void accept(String head, OutputStream out) throws IOException, NoSuchAlgorithmException {
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
  static byte[] frame(int firstByte, byte[] payload) {
    byte[] frame = new byte[payload.length + 2];
    frame[0] = (byte) firstByte;
    frame[1] = (byte) payload.length;
    System.arraycopy(payload, 0, frame, 2, payload.length);
    return frame;
  }

  /** A frame from the client: its opcode and unmasked payload. */
  record ClientFrame(int opcode, byte[] payload) {
    static final int TEXT = 0x1;
    static final int CLOSE = 0x8;

    /** A close frame's status code, or -1 where it has none. */
    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
    }
  }

  /** The client's next frame, or null at the end of the stream (or a reset connection). */
  static ClientFrame readClientFrame(InputStream in) throws IOException {
    try {
      int first = in.read();
      int second = in.read();
      if (first < 0 || second < 0) {
        return null;
      }
      long length = second & 0x7f;
      if (length == 126) {
        length = ((in.read() & 0xff) << 8) | (in.read() & 0xff);
      } else if (length == 127) {
        length = java.nio.ByteBuffer.wrap(in.readNBytes(8)).getLong();
      }
      byte[] mask = (second & 0x80) != 0 ? in.readNBytes(4) : new byte[4];
      byte[] payload = in.readNBytes((int) length);
      if (payload.length < length) {
        return null;
      }
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= mask[i % 4];
      }
      return new ClientFrame(first & 0x0f, payload);
    } catch (java.net.SocketException reset) {
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
