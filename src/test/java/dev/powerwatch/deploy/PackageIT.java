package dev.powerwatch.deploy;

import dev.powerwatch.Tools;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import dev.powerwatch.Fixtures;
import dev.powerwatch.simulator.TibberSimulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The Debian package the build made, as Debian's tools and a root shell see it: lintian's verdict,
 * then install, use, upgrade (a person's edit kept) and purge (nothing left). The install test
 * runs only as root on a Debian machine without powerwatch installed, and leaves it as it was.
 */
class PackageIT {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final String PACKAGE = "powerwatch";
  private static final List<Path> INSTALLED = List.of(Path.of("/usr/share/powerwatch/powerwatch.jar"),
      Path.of("/usr/bin/powerwatch"), Path.of("/lib/systemd/system/powerwatch.service"),
      Path.of("/etc/powerwatch/powerwatch.conf"), Path.of("/etc/powerwatch/logback.xml"),
      Path.of("/etc/powerwatch/tibber-token"), Path.of("/usr/share/man/man1/powerwatch.1.gz"),
      Path.of("/usr/share/doc/powerwatch/copyright"), Path.of("/usr/share/doc/powerwatch/changelog.gz"),
      Path.of("/usr/share/doc/powerwatch/README.md.gz"));
  private static final Path STATE = Path.of("/var/lib/powerwatch");
  private static final List<Path> GONE_AFTER_PURGE = List.of(Path.of("/usr/share/powerwatch"),
      Path.of("/usr/bin/powerwatch"), Path.of("/lib/systemd/system/powerwatch.service"), Path.of("/etc/powerwatch"),
      Path.of("/var/lib/powerwatch"), Path.of("/var/cache/powerwatch"),
      Path.of("/etc/systemd/system/multi-user.target.wants/powerwatch.service"));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static Path deb() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files.filter(p -> p.getFileName().toString().matches("powerwatch_.*_all\\.deb")).findFirst()
          .orElseThrow(() -> new AssertionError("no target/powerwatch_<version>_all.deb: the build makes it"));
    }
  }

  @Test
  void lintianFindsNoErrorAndEveryWarningIsExplainedInTheReadme() throws Exception {
    assumeTrue(Tools.onPath("lintian"), "skipped: lintian is not installed (Debian package lintian)");
    Run lintian = run(Map.of(), "lintian", "--no-tag-display-limit", "--info", deb().toString());
    List<String> errors = lintian.lines().stream().filter(l -> l.startsWith("E: ")).toList();
    assertEquals(List.of(), errors, lintian.output());
    String readme = Files.readString(Path.of("README.md"));
    for (String warning : lintian.lines().stream().filter(l -> l.startsWith("W: ")).toList()) {
      String tag = warning.split(" ")[2];
      assertTrue(readme.contains("`" + tag + "`"), "README.md does not explain lintian's " + warning);
    }
  }

  @Test
  void installsRunsUpgradesKeepingAnEditAndPurgesToNothing() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")) && Tools.onPath("apt-get") && Tools.onPath("dpkg"),
        "skipped: installing the package needs root on a Debian machine (apt-get, dpkg)");
    assumeTrue(run(Map.of(), "dpkg", "-s", PACKAGE).code() != 0,
        "skipped: powerwatch is installed on this machine already; the test would not leave it as it was");
    try (TibberSimulator simulator = Fixtures.simulator(testKit)) {
      Run install = apt("install", "-y", "--no-install-recommends", deb().toAbsolutePath().toString());
      assertEquals(0, install.code(), install.output());
      assertTrue(install.output().contains("put your token"), "the next step is said: " + install.output());
      INSTALLED.forEach(path -> assertTrue(Files.exists(path), path + " installed"));
      assertTrue(Files.isExecutable(Path.of("/usr/bin/powerwatch")));
      assertEquals("rw-------", posix(Path.of("/etc/powerwatch/tibber-token")), "the token file is for root");
      assertTrue(Files.size(Path.of("/var/cache/powerwatch/powerwatch.jsa")) > 0, "the class-data archive is made");
      assertTrue(Files.exists(Path.of("/etc/systemd/system/multi-user.target.wants/powerwatch.service")),
          "the unit is enabled");
      if (Tools.onPath("systemd-analyze")) {
        Run verify = run(Map.of(), "systemd-analyze", "verify", "/lib/systemd/system/powerwatch.service");
        assertEquals(0, verify.code(), verify.output());
      }
      assertTrue(Files.readString(Path.of("/lib/systemd/system/powerwatch.service")).contains("DynamicUser=yes"),
          "the service's user is made by systemd while it runs: nothing to create or leave behind");
      Run version = run(Map.of(), "powerwatch", "--version");
      assertTrue(version.output().startsWith("powerwatch "), version.output());

      Files.writeString(Path.of("/etc/powerwatch/powerwatch.conf"), "\n# edited by a person\npowerwatch.tibber.api-url = \""
          + simulator.apiUrl() + "\"\n", StandardOpenOption.APPEND);
      Run check = run(Map.of("TIBBER_TOKEN", Fixtures.TOKEN), "powerwatch", "check-config", "--config",
          "/etc/powerwatch/powerwatch.conf");
      assertEquals(0, check.code(), check.output());
      assertTrue(check.output().contains("Configuration OK."), check.output());

      Run upgrade = apt("install", "-y", "--reinstall", deb().toAbsolutePath().toString());
      assertEquals(0, upgrade.code(), upgrade.output());
      assertTrue(Files.readString(Path.of("/etc/powerwatch/powerwatch.conf")).contains("# edited by a person"),
          "the upgrade kept the edit");

      Files.createDirectories(STATE);
      Files.writeString(STATE.resolve("alerts.json"), "[]");
      Run remove = apt("remove", "-y", PACKAGE);
      assertEquals(0, remove.code(), remove.output());
      assertFalse(Files.exists(Path.of("/usr/share/powerwatch/powerwatch.jar")), "remove takes the program");
      for (Path kept : List.of(Path.of("/etc/powerwatch/powerwatch.conf"), Path.of("/etc/powerwatch/tibber-token"),
          STATE.resolve("alerts.json"))) {
        assertTrue(Files.exists(kept), kept + " is kept by a plain remove");
      }
    } finally {
      Run purge = apt("purge", "-y", PACKAGE);
      assertEquals(0, purge.code(), purge.output());
    }
    GONE_AFTER_PURGE.forEach(path -> assertFalse(Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS),
        path + " left after purge"));
    assertTrue(run(Map.of(), "dpkg", "-s", PACKAGE).code() != 0, "dpkg no longer knows the package");
  }

  private static String posix(Path path) throws IOException {
    return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static Run apt(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("apt-get", "-q", "-o", "Dpkg::Options::=--force-confdef",
        "-o", "Dpkg::Options::=--force-confold"));
    command.addAll(List.of(arguments));
    return run(Map.of("DEBIAN_FRONTEND", "noninteractive"), command.toArray(String[]::new));
  }

  private record Run(int code, String output) {
    List<String> lines() {
      return output.lines().toList();
    }
  }

  private static Run run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), String.join(" ", command) + " did not end");
    return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
