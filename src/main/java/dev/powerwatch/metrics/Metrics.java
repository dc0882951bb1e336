package dev.powerwatch.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything /metrics shows, in Prometheus' naming: the actors record into it as things happen
 * (lock-free, never blocking), the HTTP server renders it. No label carries a secret: homes are
 * Tibber's home ids, channels their configured names.
 */
public final class Metrics {
  private final PrometheusRegistry registry;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  private final Counter measurements;
  private final Gauge power;
  private final Gauge lastMeasurement;
  private final Gauge feedUp;
  private final Counter reconnects;
  private final Gauge alertFiring;
  private final Counter notifications;
  private final Gauge outboxBacklog;
  private final Gauge stateWritable;
  private final Gauge liveClients;
  private final Counter liveDropped;
  private final Gauge silences;
  private final Gauge mqttConnected;
  private final Counter mqttDropped;
  private final Counter noticesSilenced;
  private ClusterMetrics cluster;
  private final Map<String, HomePoints> homes = new ConcurrentHashMap<>();

  private record HomePoints(CounterDataPoint measurements, GaugeDataPoint power, GaugeDataPoint lastMeasurement) {}

  private Metrics(PrometheusRegistry registry) {
    this.registry = registry;
    measurements = Counter.builder().name("powerwatch_measurements_total")
        .help("Live measurements received from Tibber").labelNames("home").register(registry);
    power = Gauge.builder().name("powerwatch_power_watts")
        .help("Power drawn now, from the last measurement").labelNames("home").register(registry);
    lastMeasurement = Gauge.builder().name("powerwatch_last_measurement_timestamp_seconds")
        .help("When the last measurement arrived (Unix time)").labelNames("home").register(registry);
    feedUp = Gauge.builder().name("powerwatch_feed_up")
        .help("1 while the live feed is connected and acknowledged").register(registry);
    reconnects = Counter.builder().name("powerwatch_feed_reconnects_total")
        .help("Times the live feed was lost, by reason").labelNames("reason").register(registry);
    alertFiring = Gauge.builder().name("powerwatch_alert_firing")
        .help("1 while the rule's alert fires for the home").labelNames("home", "rule").register(registry);
    notifications = Counter.builder().name("powerwatch_notifications_total")
        .help("Attempts to deliver a notice, by channel and outcome").labelNames("channel", "outcome")
        .register(registry);
    outboxBacklog = Gauge.builder().name("powerwatch_outbox_backlog")
        .help("Notices waiting for the channel").labelNames("channel").register(registry);
    stateWritable = Gauge.builder().name("powerwatch_state_dir_writable")
        .help("1 while the state directory takes writes").register(registry);
    liveClients = Gauge.builder().name("powerwatch_live_clients")
        .help("WebSocket clients of /api/live").register(registry);
    liveDropped = Counter.builder().name("powerwatch_live_dropped_total")
        .help("Measurements dropped for /api/live clients that read too slowly").register(registry);
    silences = Gauge.builder().name("powerwatch_silences")
        .help("Silences in force or still to come").register(registry);
    noticesSilenced = Counter.builder().name("powerwatch_notices_silenced_total")
        .help("Notices a silence held back").labelNames("home", "rule").register(registry);
    mqttConnected = Gauge.builder().name("powerwatch_mqtt_connected")
        .help("1 while the MQTT broker is connected").register(registry);
    mqttDropped = Counter.builder().name("powerwatch_mqtt_dropped_total")
        .help("MQTT messages dropped because the broker could not take them in time").register(registry);
    stateWritable.set(1);
  }

  /** The daemon's metrics, with the JVM's, in a registry of their own. */
  public static Metrics create() {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    return new Metrics(registry);
  }

  /** Metrics without the JVM's, for tests and tools that start several daemons in one process. */
  public static Metrics withoutJvm() {
    return new Metrics(new PrometheusRegistry());
  }

  public void measured(String homeId, double watts, long epochMillis) {
    HomePoints points = homes.computeIfAbsent(homeId, id -> new HomePoints(measurements.labelValues(id),
        power.labelValues(id), lastMeasurement.labelValues(id)));
    points.measurements().inc();
    points.power().set(watts);
    points.lastMeasurement().set(epochMillis / 1000.0);
  }

  public void feedUp(boolean up) {
    feedUp.set(up ? 1 : 0);
  }

  public void reconnect(String reason) {
    reconnects.labelValues(reason).inc();
  }

  public void alertFiring(String homeId, String rule, boolean firing) {
    alertFiring.labelValues(homeId, rule).set(firing ? 1 : 0);
  }

  public void notification(String channel, String outcome) {
    notifications.labelValues(channel, outcome).inc();
  }

  public void outboxBacklog(String channel, int waiting) {
    outboxBacklog.labelValues(channel).set(waiting);
  }

  public void stateWritable(boolean writable) {
    stateWritable.set(writable ? 1 : 0);
  }

  public void liveClients(int clients) {
    liveClients.set(clients);
  }

  public void liveDropped(long count) {
    liveDropped.inc(count);
  }

  public void mqttConnected(boolean connected) {
    mqttConnected.set(connected ? 1 : 0);
  }

  public void mqttDropped() {
    mqttDropped.inc();
  }

  public void silences(int count) {
    silences.set(count);
  }

  public void noticeSilenced(String homeId, String rule) {
    noticesSilenced.labelValues(homeId, rule).inc();
  }

  /** The cluster's metrics, registered the first time a node asks for them (a single process never does). */
  public synchronized ClusterMetrics cluster() {
    if (cluster == null) {
      cluster = new ClusterMetrics(registry);
    }
    return cluster;
  }

  public String contentType() {
    return writer.getContentType();
  }

  /** The text exposition format, as Prometheus scrapes it. */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
