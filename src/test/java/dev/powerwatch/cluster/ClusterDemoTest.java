package dev.powerwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.fasterxml.jackson.databind.JsonNode;
import dev.powerwatch.Fixtures;
import dev.powerwatch.LoopbackHttp;
import dev.powerwatch.http.HeadlessChromium;
import dev.powerwatch.support.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@code run --demo --nodes 3} as a newcomer runs it: the first node dies, the others take over. */
class ClusterDemoTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Pattern NODE_TWO = Pattern.compile("Node 2: dashboard http://127.0.0.1:(\\d+)/");

  @org.junit.jupiter.api.io.TempDir
  Path dir;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** Node 2's dashboard says which node hosts the home, as /api/state does. */
  private void seeWhereTheHomeLives(URI dashboard) throws Exception {
    JsonNode body = state(dashboard.resolve("/api/state"));
    String host = body.path("homes").path(0).path("node").asText().replaceFirst("^akka://[^@]*@", "");
    try (HeadlessChromium browser = HeadlessChromium.start(dir.resolve("profile"), dir.resolve("chromium.log"),
        1024, 768)) {
      browser.navigate(dashboard);
      Fixtures.awaitTrue(testKit, "the home card says 'on node " + host + "'", () -> {
        try {
          return browser.evaluate("document.querySelector('.home-node') ? document.querySelector('.home-node')"
              + ".textContent : ''").asText().equals("on node " + host);
        } catch (Exception e) {
          return false;
        }
      });
    }
  }

  private static JsonNode state(URI uri) {
    try {
      return Json.mapper().readTree(LoopbackHttp.get(uri).body());
    } catch (RuntimeException | java.io.IOException e) {
      return Json.mapper().createObjectNode();
    }
  }

  @Test
  void theOthersTakeTheHomeOverWhenTheFirstNodeDies() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process demo = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        "dev.powerwatch.Main", "run", "--demo", "--nodes", "3", "--stop-first-node-after", "6s")
        .redirectErrorStream(true).start();
    StringBuffer output = new StringBuffer();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          output.append(line).append('\n');
        }
      } catch (java.io.IOException ignored) {
        // the process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      Fixtures.awaitTrue(testKit, "node 2's dashboard address", Duration.ofSeconds(60),
          () -> NODE_TWO.matcher(output).find());
      Matcher port = NODE_TWO.matcher(output);
      assertTrue(port.find());
      URI state = URI.create("http://127.0.0.1:" + port.group(1) + "/api/state");
      Fixtures.awaitTrue(testKit, "the first node stopped", Duration.ofSeconds(60),
          () -> output.toString().contains("-- demo: node 1 stops without leaving the cluster"));
      Fixtures.awaitTrue(testKit, "two nodes left, node 2 ready, the home hosted by one of them",
          Duration.ofSeconds(60), () -> {
            JsonNode body = state(state);
            JsonNode members = body.path("cluster").path("members");
            String host = body.path("homes").path(0).path("node").asText();
            return body.path("ready").asBoolean() && members.size() == 2
                && (host.equals(members.path(0).path("address").asText())
                    || host.equals(members.path(1).path("address").asText()));
          });
      if (Files.isExecutable(HeadlessChromium.BINARY)) {
        seeWhereTheHomeLives(URI.create("http://127.0.0.1:" + port.group(1) + "/"));
      } else {
        System.out.println("The dashboard part is skipped: Debian's chromium is not installed");
      }
      demo.destroy();
      assertTrue(demo.waitFor(30, TimeUnit.SECONDS), "stopped on SIGTERM:\n" + output);
      assertEquals(0, demo.exitValue(), output.toString());
    } finally {
      demo.destroyForcibly();
    }
  }

  @Test
  void twoNodesOrNodesWithoutTheDemoAreRefused() {
    for (String[] args : List.of(new String[] {"run", "--demo", "--nodes", "2"}, new String[] {"run", "--nodes", "3"})) {
      dev.powerwatch.CommandRun run = dev.powerwatch.CommandRun.of(args);
      assertEquals(64, run.exitCode(), run.all());
      assertTrue(run.err().contains("--nodes takes 3 to 5, and only with --demo"), run.err());
    }
  }
}
