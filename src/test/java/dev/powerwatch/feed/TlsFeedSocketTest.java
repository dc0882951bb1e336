package dev.powerwatch.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wss:} as Tibber serves it: the feed's socket speaks TLS and checks the server's
 * certificate and name, against a server with a certificate made here by the JDK's keytool.
 */
class TlsFeedSocketTest {
  private static final char[] PASSWORD = "changeit".toCharArray();
  @TempDir
  static Path dir;
  private static KeyStore forLoopback;
  private static KeyStore forAnotherName;

  @BeforeAll
  static void makeCertificates() throws Exception {
    forLoopback = keyStore("loopback", "ip:127.0.0.1,dns:localhost");
    forAnotherName = keyStore("other", "dns:feed.example.org");
  }

  private static KeyStore keyStore(String name, String subjectAlternativeNames) throws Exception {
    Path file = dir.resolve(name + ".p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
        "-ext", "SAN=" + subjectAlternativeNames, "-validity", "2", "-storetype", "PKCS12",
        "-keystore", file.toString(), "-storepass", new String(PASSWORD)).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, keytool.waitFor(), output);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, PASSWORD);
    }
    return store;
  }

  private static RawWebSocketServer serverWith(KeyStore identity) throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(identity, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return new RawWebSocketServer(context.getServerSocketFactory().createServerSocket(0, 1,
        InetAddress.getLoopbackAddress()));
  }

  /** The feed's socket trusting both certificates: only the name can tell them apart. */
  private static JavaWebSocketConnector trustingBoth() throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("loopback", forLoopback.getCertificate("loopback"));
    trusted.setCertificateEntry("other", forAnotherName.getCertificate("other"));
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return new JavaWebSocketConnector(Duration.ofSeconds(5), Clock.systemUTC(), context.getSocketFactory());
  }

  @Test
  void overTlsFramesArriveFromAServerWhoseNameMatches() throws Exception {
    JavaWebSocketConnectorTest.Events events = new JavaWebSocketConnectorTest.Events();
    try (RawWebSocketServer server = serverWith(forLoopback)) {
      server.serveOnce((head, in, out) -> {
        RawWebSocketServer.accept(head, out);
        out.write(RawWebSocketServer.frame(0x81, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8)));
        out.write(RawWebSocketServer.frame(0x88, new byte[] {0x03, (byte) 0xE9}));
        out.flush();
        RawWebSocketServer.readHead(in);
      });
      trustingBoth().connect(URI.create("wss://127.0.0.1:" + server.port() + "/v1-beta/gql/subscriptions"),
          "powerwatch/test", events);
      events.opened.get(10, TimeUnit.SECONDS);
      assertEquals(new Disconnect.GoingAway("closed with 1001"), events.awaitEnd());
      assertEquals(List.of("{\"type\":\"ping\"}"), events.texts);
    }
  }

  @Test
  void aCertificateForAnotherNameIsRefused() throws Exception {
    JavaWebSocketConnectorTest.Events events = new JavaWebSocketConnectorTest.Events();
    try (RawWebSocketServer server = serverWith(forAnotherName)) {
      server.serveOnce((head, in, out) -> RawWebSocketServer.accept(head, out));
      trustingBoth().connect(URI.create("wss://127.0.0.1:" + server.port() + "/"), "powerwatch/test", events);
      assertInstanceOf(Disconnect.Failed.class, events.awaitEnd());
      assertFalse(events.opened.isDone(), "no upgrade over a connection to the wrong server");
    }
  }
}
