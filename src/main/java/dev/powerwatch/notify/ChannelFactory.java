package dev.powerwatch.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.powerwatch.broker.MqttSettings;
import dev.powerwatch.support.ConfigReader;
import dev.powerwatch.tibber.TibberSettings;
import java.util.Set;

/**
 * One channel type, found with {@link java.util.ServiceLoader}: a new push service is a new
 * class listed in {@code META-INF/services/dev.powerwatch.notify.ChannelFactory}.
 */
public interface ChannelFactory {
  String type();

  Channel create(String name, ConfigReader config, Context context);

  /** The type's own keys, besides {@code type} and {@code name}; any other key is an error. */
  Set<String> keys();

  /**
   * What channels may need besides their own keys.
   *
   * @param mqtt the broker of {@code powerwatch.mqtt}, {@link MqttSettings#disabled()} when its url is empty
   */
  record Context(TibberSettings tibber, MqttSettings mqtt, ObjectMapper mapper) {}
}
