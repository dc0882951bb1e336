package dev.powerwatch.mqtt;

import dev.powerwatch.broker.MqttSettings;
import dev.powerwatch.broker.BrokerAccess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One connection to the broker through Paho's asynchronous client: connects with the daemon's
 * last will, publishes, subscribes, and reports what happens to a {@link Listener} from Paho's
 * threads. It never retries by itself; the bridge decides when.
 */
final class BrokerLink {
  /** What the link reports; called from Paho's threads. */
  interface Listener {
    void connected();

    void connectFailed(Throwable cause);

    void lost(Throwable cause);

    void arrived(String topic, String payload);

    /** A publish ended, acknowledged or not: a message lost is sent again with every state on reconnect. */
    void published();
  }

  static final int MAX_IN_FLIGHT = 64;

  private final MqttSettings settings;
  private final String availability;
  private final MqttAsyncClient client;
  private final Listener listener;

  BrokerLink(MqttSettings settings, Listener listener) throws MqttException {
    this.settings = settings;
    this.availability = new Topics(settings).availability();
    this.listener = listener;
    this.client = new MqttAsyncClient(settings.url().orElseThrow().toString(), settings.clientId(),
        new MemoryPersistence());
    client.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
        listener.lost(cause);
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        listener.arrived(topic, new String(message.getPayload(), StandardCharsets.UTF_8));
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    });
  }

  void connect() {
    try {
      client.connect(options(), null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          listener.connected();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
          listener.connectFailed(cause);
        }
      });
    } catch (MqttException | IOException | GeneralSecurityException | RuntimeException e) {
      listener.connectFailed(e);
    }
  }

  private MqttConnectOptions options() throws IOException, GeneralSecurityException {
    MqttConnectOptions options = BrokerAccess.options(settings);
    options.setConnectionTimeout(10);
    options.setKeepAliveInterval(30);
    options.setMaxInflight(MAX_IN_FLIGHT);
    options.setWill(availability, Topics.OFFLINE.getBytes(StandardCharsets.UTF_8), 1, true);
    return options;
  }

  /** False when Paho refused it at once (no longer connected, too many in flight). */
  boolean publish(String topic, String payload, boolean retained, int qos) {
    try {
      client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retained, null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          listener.published();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
          listener.published();
        }
      });
      return true;
    } catch (MqttException e) {
      return false;
    }
  }

  void subscribe(String topic, Consumer<Throwable> failed) {
    try {
      client.subscribe(topic, 1, null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {}

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
          failed.accept(cause);
        }
      });
    } catch (MqttException e) {
      failed.accept(e);
    }
  }

  /** Says {@code offline} (a will only goes out when the link breaks) and lets go of the connection. */
  void close() {
    try {
      if (client.isConnected()) {
        client.publish(availability, Topics.OFFLINE.getBytes(StandardCharsets.UTF_8), 1, true)
            .waitForCompletion(1_000);
        client.disconnect(1_000).waitForCompletion(2_000);
      }
    } catch (MqttException e) {
      // closing anyway: the broker sends the will when the connection drops
    } finally {
      try {
        client.close(true);
      } catch (MqttException e) {
        // nothing is left to release
      }
    }
  }
}
