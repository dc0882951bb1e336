package dev.powerwatch.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.powerwatch.LoopbackHttp;
import dev.powerwatch.support.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Debian's headless Chromium as a process, driven over the DevTools protocol on loopback. */
public final class HeadlessChromium implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final Duration START_WITHIN = Duration.ofSeconds(20);
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

  private final Process process;
  private final ObjectMapper mapper = Json.mapper();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private WebSocket devtools;

  private HeadlessChromium(Process process) {
    this.process = process;
  }

  /** Starts Chromium on a blank page with a fresh profile under {@code profile}; its own output goes to {@code log}. */
  public static HeadlessChromium start(Path profile, Path log, int width, int height) throws Exception {
    Process process = new ProcessBuilder(BINARY.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=" + width + "," + height,
        "--hide-scrollbars", "--force-device-scale-factor=1", "--no-first-run", "--no-default-browser-check",
        "--disable-component-update", "--disable-sync", "about:blank")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    HeadlessChromium browser = new HeadlessChromium(process);
    try {
      browser.attach(browser.devtoolsPort(profile.resolve("DevToolsActivePort")));
      browser.call("Emulation.setDeviceMetricsOverride", browser.mapper.createObjectNode().put("width", width)
          .put("height", height).put("deviceScaleFactor", 1).put("mobile", false));
      return browser;
    } catch (Exception | AssertionError e) {
      browser.close();
      throw e;
    }
  }

  /** Chromium writes the port it chose into the profile once it listens. */
  private int devtoolsPort(Path portFile) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_WITHIN.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      List<String> lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
      if (!lines.isEmpty() && !lines.get(0).isBlank()) {
        return Integer.parseInt(lines.get(0).trim());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("Chromium did not open its DevTools port within " + START_WITHIN
        + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")"));
  }

  private void attach(int port) throws Exception {
    JsonNode targets = mapper.readTree(LoopbackHttp.get(URI.create("http://127.0.0.1:" + port + "/json/list")).body());
    for (JsonNode target : targets) {
      if (target.path("type").asText().equals("page")) {
        devtools = HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(URI.create(target.path("webSocketDebuggerUrl").asText()), new Answers())
            .get(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS);
        return;
      }
    }
    throw new AssertionError("Chromium shows no page: " + targets);
  }

  /** Loads {@code page}; returns once the new document is there (it may still be loading). */
  public void navigate(URI page) throws Exception {
    JsonNode result = call("Page.navigate", mapper.createObjectNode().put("url", page.toString()));
    if (result.has("errorText")) {
      throw new AssertionError("Chromium could not load " + page + ": " + result.get("errorText"));
    }
  }

  /** The value of a JavaScript expression in the page (a string, number or boolean). */
  public JsonNode evaluate(String expression) throws Exception {
    ObjectNode params = mapper.createObjectNode().put("expression", expression).put("returnByValue", true);
    JsonNode result = call("Runtime.evaluate", params);
    if (result.has("exceptionDetails")) {
      throw new AssertionError("the page could not evaluate " + expression + ": " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** Clicks the middle of the first element {@code selector} finds with the mouse; fails when none is shown. */
  public void click(String selector) throws Exception {
    JsonNode middle = mapper.readTree(evaluate("""
        (() => {
          const target = document.querySelector(%s);
          target?.scrollIntoView({ block: 'center' });
          const box = target?.getBoundingClientRect();
          return JSON.stringify(box && box.width > 0 ? { x: box.x + box.width / 2, y: box.y + box.height / 2 } : null);
        })()""".formatted(mapper.writeValueAsString(selector))).asText());
    if (middle.isNull()) {
      throw new AssertionError("the page shows no " + selector + " to click");
    }
    for (String type : List.of("mousePressed", "mouseReleased")) {
      call("Input.dispatchMouseEvent", mapper.createObjectNode().put("type", type).put("button", "left")
          .put("clickCount", 1).put("x", middle.path("x").asDouble()).put("y", middle.path("y").asDouble()));
    }
  }

  /** A PNG of the whole page, below the fold too. */
  public byte[] screenshot() throws Exception {
    JsonNode size = call("Page.getLayoutMetrics", mapper.createObjectNode()).path("cssContentSize");
    ObjectNode params = mapper.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
    params.putObject("clip").put("x", 0).put("y", 0).put("width", size.path("width").asDouble())
        .put("height", Math.ceil(size.path("height").asDouble())).put("scale", 1);
    JsonNode result = call("Page.captureScreenshot", params);
    return Base64.getDecoder().decode(result.path("data").asText());
  }

  private JsonNode call(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode request = mapper.createObjectNode().put("id", id).put("method", method);
    request.set("params", params);
    devtools.sendText(request.toString(), true);
    JsonNode reply = answer.get(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new AssertionError(method + " failed: " + reply.get("error"));
    }
    return reply.path("result");
  }

  /** Ends Chromium and its helper processes, and waits until they are gone. */
  @Override
  public void close() throws InterruptedException {
    if (devtools != null) {
      devtools.abort();
    }
    List<ProcessHandle> helpers = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    helpers.forEach(ProcessHandle::destroyForcibly);
  }

  /** Hands each answer to the call waiting for its id; events are not needed here. */
  private final class Answers implements WebSocket.Listener {
    private final StringBuilder frame = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      frame.append(data);
      if (last) {
        answer(frame.toString());
        frame.setLength(0);
      }
      socket.request(1);
      return null;
    }

    private void answer(String text) {
      try {
        JsonNode message = mapper.readTree(text);
        CompletableFuture<JsonNode> waiting = message.has("id") ? pending.remove(message.get("id").asInt()) : null;
        if (waiting != null) {
          waiting.complete(message);
        }
      } catch (IOException e) {
        pending.values().forEach(p -> p.completeExceptionally(e));
      }
    }
  }
}
