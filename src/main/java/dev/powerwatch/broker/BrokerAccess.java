package dev.powerwatch.broker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.util.Optional;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * What every connection to the broker of {@code powerwatch.mqtt} shares, the bridge's and the
 * notice channel's: the login, TLS, and why a connection failed in words without the password.
 */
public final class BrokerAccess {
  private BrokerAccess() {}

  /** A clean session with the login and, for {@code ssl://}, TLS; no reconnecting by Paho itself. */
  public static MqttConnectOptions options(MqttSettings settings) throws IOException, GeneralSecurityException {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    settings.username().ifPresent(options::setUserName);
    settings.password().ifPresent(p -> options.setPassword(p.reveal().toCharArray()));
    if (settings.url().orElseThrow().getScheme().equals("ssl")) {
      options.setSocketFactory(socketFactory(settings));
      options.setHttpsHostnameVerificationEnabled(true);
    }
    return options;
  }

  /** The system's trust store, or only the CA of {@code ca-file}. */
  private static SSLSocketFactory socketFactory(MqttSettings settings) throws IOException, GeneralSecurityException {
    if (settings.caFile().isEmpty()) {
      return SSLContext.getDefault().getSocketFactory();
    }
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    Path file = settings.caFile().get();
    try (InputStream in = Files.newInputStream(file)) {
      int n = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trusted.setCertificateEntry("ca-" + n++, certificate);
      }
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trust.getTrustManagers(), null);
    return tls.getSocketFactory();
  }

  /** Why a connection or a publish failed, in words that do not leak the password. */
  public static String reason(Throwable cause) {
    Optional<String> tls = tlsProblem(cause);
    if (tls.isPresent()) {
      return tls.get();
    }
    if (cause instanceof MqttException e) {
      return switch (e.getReasonCode()) {
        case MqttException.REASON_CODE_FAILED_AUTHENTICATION, MqttException.REASON_CODE_NOT_AUTHORIZED ->
            "the broker refused the login (check mqtt.username and the password)";
        case MqttException.REASON_CODE_INVALID_CLIENT_ID -> "the broker refused the client id";
        case MqttException.REASON_CODE_BROKER_UNAVAILABLE -> "the broker is unavailable";
        case MqttException.REASON_CODE_CLIENT_TIMEOUT -> "the broker did not answer in time";
        case MqttException.REASON_CODE_SERVER_CONNECT_ERROR -> "cannot connect"
            + (e.getCause() == null ? "" : " (" + e.getCause().getClass().getSimpleName() + ": "
            + e.getCause().getMessage() + ")");
        case MqttException.REASON_CODE_CONNECTION_LOST -> "the connection was lost"
            + (e.getCause() == null ? "" : " (" + e.getCause().getClass().getSimpleName() + ")");
        default -> e.getCause() == null ? e.getMessage() + " (" + e.getReasonCode() + ")"
            : e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
      };
    }
    return cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  /** A failed TLS handshake, in words that say what to set; empty when the failure is another. */
  private static Optional<String> tlsProblem(Throwable cause) {
    boolean handshake = false;
    for (Throwable t = cause; t != null; t = t.getCause()) {
      handshake |= t instanceof javax.net.ssl.SSLHandshakeException;
      if (t instanceof java.security.cert.CertPathValidatorException
          || t.getClass().getSimpleName().equals("SunCertPathBuilderException")) {
        return Optional.of("the TLS handshake failed: the broker's certificate is not signed by a trusted CA"
            + " (set mqtt.ca-file to the broker's CA)");
      }
      if (t instanceof java.security.cert.CertificateException && String.valueOf(t.getMessage()).contains("match")) {
        return Optional.of("the TLS handshake failed: the broker's certificate does not name the host of mqtt.url ("
            + t.getMessage() + ")");
      }
    }
    return handshake ? Optional.of("the TLS handshake failed (" + rootMessage(cause) + ")") : Optional.empty();
  }

  private static String rootMessage(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
