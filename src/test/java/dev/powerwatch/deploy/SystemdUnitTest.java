package dev.powerwatch.deploy;

import dev.powerwatch.Tools;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd unit as systemd-analyze judges it: it verifies cleanly and its exposure stays low. */
class SystemdUnitTest {
  private static final Path UNIT = Path.of("deploy/powerwatch.service");
  private static final Path CLUSTER_DROP_IN = Path.of("deploy/cluster/powerwatch.service.d/cluster.conf");
  private static final String UNIT_LAUNCHER = "ExecStart=/usr/bin/powerwatch ";
  private static final Path LAUNCHER = Path.of("src/deb/bin/powerwatch");
  private static final double MAX_EXPOSURE = 2.0;
  private static final Pattern OVERALL_EXPOSURE =
      Pattern.compile("Overall exposure level for powerwatch\\.service: (\\d+(?:\\.\\d+)?)");
  private static final long TIMEOUT_SECONDS = 60;

  @TempDir
  Path temp;

  @BeforeEach
  void needsSystemdAnalyze() {
    assumeTrue(Tools.onPath("systemd-analyze"), "skipped: systemd-analyze is not installed (Debian package systemd)");
  }

  @Test
  void verifiesWithoutAWordAboutTheUnit() throws Exception {
    assertVerifies(unitToVerify(Files.readString(UNIT, StandardCharsets.UTF_8)));
  }

  /** A cluster node's unit: the packaged one with the drop-in's lines after it, as systemd merges them. */
  @Test
  void theClusterNodesDropInVerifiesAndKeepsTheExposure() throws Exception {
    String dropIn = Files.readString(CLUSTER_DROP_IN, StandardCharsets.UTF_8);
    assertTrue(dropIn.contains("ExecStart=\n"), "the drop-in resets ExecStart before it sets its own");
    String merged = Files.readString(UNIT, StandardCharsets.UTF_8) + "\n" + dropIn;
    assertVerifies(unitToVerify(merged));
    Path unit = Files.writeString(Files.createDirectories(temp.resolve("node")).resolve("powerwatch.service"), merged);
    assertExposureAtMostTwo(unit);
  }

  private void assertVerifies(Path unit) throws Exception {
    Output verify = run("systemd-analyze", "--no-pager", "verify", unit.toString());

    assertEquals(0, verify.exitCode(), verify.text());
    List<String> aboutTheUnit = verify.text().lines().filter(line -> line.contains("powerwatch")).toList();
    assertEquals(List.of(), aboutTheUnit);
  }

  @Test
  void overallExposureIsAtMostTwo() throws Exception {
    assertExposureAtMostTwo(UNIT);
  }

  private void assertExposureAtMostTwo(Path unit) throws Exception {
    Output security = run("systemd-analyze", "--no-pager", "security", "--offline=true", unit.toString());

    assertEquals(0, security.exitCode(), security.text());
    Matcher overall = OVERALL_EXPOSURE.matcher(security.text());
    assertTrue(overall.find(), "no overall exposure in:\n" + security.text());
    double exposure = Double.parseDouble(overall.group(1));
    assertTrue(exposure <= MAX_EXPOSURE, "exposure " + exposure + " is above " + MAX_EXPOSURE + ":\n"
        + security.text());
  }

  /**
   * verify also checks that ExecStart's program and the man page of Documentation= exist; where
   * the package is not installed, a copy of the unit names the launcher in this checkout and
   * leaves the man page out.
   */
  private Path unitToVerify(String unit) throws IOException {
    assertTrue(unit.contains(UNIT_LAUNCHER), "the unit no longer starts " + UNIT_LAUNCHER);
    Path copy = temp.resolve(UNIT.getFileName());
    if (Files.isExecutable(Path.of("/usr/bin/powerwatch"))) {
      return Files.writeString(copy, unit, StandardCharsets.UTF_8);
    }
    Files.writeString(copy, unit.replace(UNIT_LAUNCHER, "ExecStart=" + LAUNCHER.toAbsolutePath() + " ")
        .replace("man:powerwatch(1) ", ""), StandardCharsets.UTF_8);
    return copy;
  }

  private Output run(String... command) throws IOException, InterruptedException {
    Path output = Files.createTempFile(temp, "systemd-analyze", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("SYSTEMD_COLORS", "0");
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
    }
    return new Output(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }

  private record Output(int exitCode, String text) {}
}
