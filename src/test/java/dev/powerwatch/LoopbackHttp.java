package dev.powerwatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain HTTP on 127.0.0.1 for tests that ask the daemon's status server. */
public final class LoopbackHttp {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private LoopbackHttp() {}

  /** A port nobody listens on now (free for the daemon to bind, or closed for a channel that must fail). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  public static HttpResponse<String> get(URI uri) {
    return send(HttpRequest.newBuilder(uri).build());
  }

  public static HttpResponse<String> postJson(URI uri, String json) {
    return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  public static HttpResponse<String> delete(URI uri) {
    return send(HttpRequest.newBuilder(uri).DELETE().build());
  }

  public static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
