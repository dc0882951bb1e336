package dev.powerwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Prometheus' own linter on a scrape; the calling test is skipped, saying so, where it is not installed. */
public final class Promtool {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  private Promtool() {}

  public static void assertClean(String exposition) throws Exception {
    assumeTrue(Files.isExecutable(PROMTOOL), "skipped the lint: promtool is not installed (Debian package prometheus)");
    Process lint = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = lint.getOutputStream()) {
      in.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    String verdict = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(lint.waitFor(60, TimeUnit.SECONDS), "promtool finished");
    assertEquals(0, lint.exitValue(), verdict);
    assertEquals("", verdict.strip(), "promtool has nothing to complain about");
  }
}
