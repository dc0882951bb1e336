package dev.powerwatch.notify;

import com.sun.net.httpserver.HttpServer;
import dev.powerwatch.support.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A webhook on loopback that takes each push and holds its answer until {@link #answer()}: a push
 * the service has, whose 200 has not reached the sender yet. Records the id of each notice it got.
 */
public final class HoldingHook implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private final CountDownLatch answer = new CountDownLatch(1);
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

  public HoldingHook() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(handlers);
    server.createContext("/hook", exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        received.add(Json.mapper().readTree(body.readAllBytes()).path("id").asText());
        awaitAnswer();
        exchange.sendResponseHeaders(200, -1);
      } finally {
        exchange.close();
      }
    });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** The id of the next notice pushed here; fails after 20 s without one. */
  public String take() throws InterruptedException {
    String id = received.poll(20, TimeUnit.SECONDS);
    if (id == null) {
      throw new AssertionError("no push reached the webhook");
    }
    return id;
  }

  /** True if another push comes within this many milliseconds. */
  public boolean anotherWithin(long millis) throws InterruptedException {
    return received.poll(millis, TimeUnit.MILLISECONDS) != null;
  }

  /** Every push held so far, and every one from now on, is answered 200. */
  public void answer() {
    answer.countDown();
  }

  private void awaitAnswer() {
    try {
      answer.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    answer();
    server.stop(0);
    handlers.shutdownNow();
  }
}
