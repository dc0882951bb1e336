package dev.powerwatch.cli;

import dev.powerwatch.simulator.RecordedPush;
import dev.powerwatch.simulator.SimulatorConfig;
import dev.powerwatch.simulator.TibberSimulator;
import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What {@code run --demo} plays: every few minutes a kettle-and-oven spike over the demo rule's
 * 8 kW, and every push the simulated phone receives is printed next to the measurements.
 */
final class DemoScript implements AutoCloseable {
  static final String RULES = """
      [{ name = high-power, type = threshold, field = power, above = 8000, clear = 7000, cooldown = 30s,
         title = "High power: {value} W", message = "{home} draws {value} W (limit {threshold} W) since {since}.",
         resolved-title = "Power back to normal", resolved-message = "{home} is back to {value} W." }]""";
  private static final int SPIKE_READINGS = 25;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "demo-script");
    t.setDaemon(true);
    return t;
  });
  private int printed;

  private DemoScript() {}

  /** Plays until closed. */
  static DemoScript start(TibberSimulator simulator, PrintStream out) {
    DemoScript script = new DemoScript();
    script.scheduler.scheduleAtFixedRate(() -> spike(simulator, out), 8, 180, TimeUnit.SECONDS);
    script.scheduler.scheduleAtFixedRate(() -> script.printPushes(simulator, out), 500, 500, TimeUnit.MILLISECONDS);
    return script;
  }

  private static void spike(TibberSimulator simulator, PrintStream out) {
    List<Double> watts = new ArrayList<>();
    for (int i = 0; i < SPIKE_READINGS; i++) {
      watts.add(8_600.0 + (i % 5) * 150);
    }
    watts.addAll(Collections.nCopies(3, 7_400.0));
    simulator.playProfile(SimulatorConfig.DEMO_HOME_ID, watts);
    out.println("-- demo: oven, kettle and car charger switch on for about a minute --");
  }

  private void printPushes(TibberSimulator simulator, PrintStream out) {
    List<RecordedPush> pushes = simulator.pushes();
    for (; printed < pushes.size(); printed++) {
      out.println(pushLine(pushes.get(printed), ZoneId.systemDefault()));
    }
  }

  /** Timed in {@code zone}, the log lines' zone; the message keeps the home's time the phone shows. */
  static String pushLine(RecordedPush push, ZoneId zone) {
    return TIME.format(push.receivedAt().atZone(zone)) + "  PHONE  " + push.title() + " | " + push.message();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
