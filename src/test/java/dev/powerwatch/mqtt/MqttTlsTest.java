package dev.powerwatch.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import dev.powerwatch.DaemonProcess;
import dev.powerwatch.Fixtures;
import dev.powerwatch.LoopbackHttp;
import dev.powerwatch.simulator.TibberSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mqtts://} to mosquitto with a certificate made for 127.0.0.1 by the JDK's keytool: with
 * its CA in {@code ca-file} the daemon connects and checks the name; trusting only the system's
 * CAs it is refused, and says why.
 */
class MqttTlsTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @TempDir
  Path dir;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void withTheBrokersCaTheDaemonConnectsAndWithoutItItSaysWhy() throws Exception {
    Mosquitto.assumeInstalled();
    Path certificate = dir.resolve("broker.pem");
    Path key = dir.resolve("broker.key");
    makeCertificate(certificate, key);
    int tlsPort = LoopbackHttp.freePort();
    try (TibberSimulator simulator = Fixtures.simulator(testKit);
        Mosquitto broker = Mosquitto.startWithTls(dir, tlsPort, certificate, key);
        TopicRecorder ha = new TopicRecorder(broker.url(), Optional.empty())) {
      try (DaemonProcess daemon = DaemonProcess.start(config(simulator, tlsPort, "trusting", certificate), Map.of())) {
        Fixtures.awaitTrue(testKit, "online over TLS", () -> "online".equals(ha.latest("powerwatch/status")));
      }
      try (DaemonProcess daemon = DaemonProcess.start(config(simulator, tlsPort, "system", null), Map.of())) {
        Fixtures.awaitTrue(testKit, "a WARN from the bridge", () -> bridgeWarnings(daemon).count() > 0);
        String warning = bridgeWarnings(daemon).findFirst().orElseThrow();
        assertTrue(warning.contains("certificate"), warning);
        assertEquals(1, bridgeWarnings(daemon).count(), daemon.output());
      }
    }
  }

  @Test
  void aCertificateForAnotherNameIsRefusedEvenFromATrustedCa() throws Exception {
    Mosquitto.assumeInstalled();
    Path certificate = dir.resolve("other.pem");
    Path key = dir.resolve("other.key");
    makeCertificate(certificate, key, "SAN=dns:broker.example");
    int tlsPort = LoopbackHttp.freePort();
    try (TibberSimulator simulator = Fixtures.simulator(testKit);
        Mosquitto broker = Mosquitto.startWithTls(dir, tlsPort, certificate, key);
        DaemonProcess daemon = DaemonProcess.start(config(simulator, tlsPort, "named", certificate), Map.of())) {
      Fixtures.awaitTrue(testKit, "a WARN from the bridge", () -> bridgeWarnings(daemon).count() > 0);
      String warning = bridgeWarnings(daemon).findFirst().orElseThrow();
      assertTrue(warning.contains("does not name the host of mqtt.url"), warning);
    }
  }

  private static java.util.stream.Stream<String> bridgeWarnings(DaemonProcess daemon) {
    return daemon.output().lines().filter(l -> l.contains("WARN") && l.contains("MqttBridge"));
  }

  private Path config(TibberSimulator simulator, int tlsPort, String name, Path ca) throws IOException {
    return Files.writeString(dir.resolve(name + ".conf"), """
        powerwatch {
          state-dir = "%s"
          tibber { token = "%s", api-url = "%s" }
          http.enabled = false
          mqtt { url = "mqtts://127.0.0.1:%d", ca-file = "%s", client-id = "%s" }
        }
        """.formatted(dir.resolve("state-" + name), Fixtures.TOKEN, simulator.apiUrl(), tlsPort,
        ca == null ? "" : ca.toString(), name));
  }

  private void makeCertificate(Path certificate, Path key) throws Exception {
    makeCertificate(certificate, key, "SAN=ip:127.0.0.1");
  }

  /** A self-signed certificate with the names of {@code subjectAltNames}, and its key, as PEM files for mosquitto. */
  private void makeCertificate(Path certificate, Path key, String subjectAltNames) throws Exception {
    Path store = dir.resolve(certificate.getFileName() + ".p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process made = new ProcessBuilder(keytool, "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname",
        "secp256r1", "-dname", "CN=powerwatch test broker", "-ext", subjectAltNames, "-validity", "2", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    String said = new String(made.getInputStream().readAllBytes());
    assertEquals(0, made.waitFor(), said);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    Files.writeString(certificate, pem("CERTIFICATE", keys.getCertificate("broker").getEncoded()));
    Files.writeString(key, pem("PRIVATE KEY", keys.getKey("broker", "changeit".toCharArray()).getEncoded()));
    assertTrue(Files.size(key) > 0);
  }

  private static String pem(String kind, byte[] der) {
    return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + kind + "-----\n";
  }
}
