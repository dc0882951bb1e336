package dev.powerwatch.broker;

import dev.powerwatch.support.Durations;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One message on a connection of its own, to the broker of {@code powerwatch.mqtt}: connect,
 * publish, wait for the broker's acknowledgement (QoS 1 and 2; QoS 0 only until it is written),
 * disconnect and close, all within one deadline. It blocks the calling thread, and Paho's
 * threads for it end when it returns.
 */
public final class PublishOnce {
  private static final long DISCONNECT_WAIT_MILLIS = 1_000;
  /** Longer than Paho's connecting thread needs to start its three helpers (about 100 ms each). */
  private static final long CONNECTING_THREAD_WAIT_MILLIS = 2_000;

  public record Message(String topic, byte[] payload, int qos, boolean retained) {}

  /** Why the message did not reach the broker, in words for an operator; never holds the password. */
  public static final class Failed extends Exception {
    Failed(String words) {
      super(words, null, false, false);
    }
  }

  private final MqttSettings broker;
  private final String clientId;
  private final Duration timeout;
  private final long deadline;
  private final MqttAsyncClient client;
  private IMqttToken connecting;

  private PublishOnce(MqttSettings broker, String clientId, Duration timeout) throws Failed {
    this.broker = broker;
    this.clientId = clientId;
    this.timeout = timeout;
    this.deadline = System.nanoTime() + timeout.toNanos();
    try {
      this.client = new MqttAsyncClient(url(), clientId, new MemoryPersistence());
    } catch (MqttException | RuntimeException e) {
      throw new Failed("cannot make an MQTT client: " + BrokerAccess.reason(e));
    }
  }

  /**
   * Blocks until the broker acknowledged {@code message} or the timeout passed.
   *
   * @param clientId must differ from every other client's: the broker drops the older of two
   */
  public static void publish(MqttSettings broker, String clientId, Message message, Duration timeout)
      throws Failed {
    PublishOnce once = new PublishOnce(broker, clientId, timeout);
    try {
      once.connect();
      once.send(message);
    } finally {
      once.close();
    }
  }

  private void connect() throws Failed {
    try {
      MqttConnectOptions options = BrokerAccess.options(broker);
      // Paho's limit for the TCP connection alone: ending before the deadline, it leaves the wait for
      // the broker's answer, where shutting down is safe, as what the deadline usually cuts short.
      options.setConnectionTimeout((int) Math.max(1, timeout.toSeconds() - 1));
      connecting = client.connect(options);
      connecting.waitForCompletion(millisLeft());
    } catch (MqttException | IOException | GeneralSecurityException | RuntimeException e) {
      throw new Failed("cannot connect to " + url() + ": " + why(e));
    }
  }

  private void send(Message message) throws Failed {
    try {
      client.publish(message.topic(), message.payload(), message.qos(), message.retained())
          .waitForCompletion(millisLeft());
    } catch (MqttException | RuntimeException e) {
      throw new Failed("connected to " + url() + ", but the message was not acknowledged: " + why(e));
    }
  }

  /** Whatever state the client is in, its connection and threads end here. */
  private void close() {
    if (connecting != null && !connecting.isComplete()) {
      awaitConnectingThread();
    }
    if (!disconnected()) {
      try {
        client.disconnectForcibly(0, 0, false);
      } catch (MqttException | RuntimeException e) {
        // already down
      }
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      // nothing is left to release
    }
  }

  /** Says goodbye to the broker when connected; false when that is not possible. */
  private boolean disconnected() {
    if (!client.isConnected()) {
      return false;
    }
    try {
      client.disconnect(0).waitForCompletion(DISCONNECT_WAIT_MILLIS);
      return true;
    } catch (MqttException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Paho 1.2.5 leaves its connecting thread waiting for good when the connection is shut down
   * while that thread starts its helpers, so a connection the broker has not answered is shut
   * down only once that thread (named "MQTT Con: " and the client id) has sent the CONNECT.
   */
  private void awaitConnectingThread() {
    String name = "MQTT Con: " + clientId;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals(name)) {
        try {
          thread.join(CONNECTING_THREAD_WAIT_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private String why(Exception e) {
    boolean late = e instanceof MqttException m && m.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT;
    return late ? "no answer within " + Durations.human(timeout) : BrokerAccess.reason(e);
  }

  private String url() {
    return broker.url().orElseThrow().toString();
  }

  /** At least 1 ms: Paho reads 0 as "wait forever". */
  private long millisLeft() {
    return Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
  }
}
