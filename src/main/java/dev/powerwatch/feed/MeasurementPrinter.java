package dev.powerwatch.feed;

import dev.powerwatch.tibber.Home;
import dev.powerwatch.tibber.Measurement;
import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Prints one line per measurement, for the demo and for {@code run --print}, timed like the log lines. */
public final class MeasurementPrinter {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private MeasurementPrinter() {}

  public static Consumer<Measurement> create(List<Home> homes, PrintStream out) {
    Map<String, String> names = homes.stream().collect(Collectors.toMap(Home::id, Home::displayName));
    ZoneId logZone = ZoneId.systemDefault();
    return m -> out.println(line(m, names::get, logZone));
  }

  /** The meter's time shown in {@code zone}, the log lines' zone, not the home's. */
  static String line(Measurement m, Function<String, String> nameOf, ZoneId zone) {
    String name = nameOf.apply(m.homeId());
    return String.format(Locale.ROOT, "%s  %-12s %7.0f W   this hour %.3f kWh   today %.2f kWh",
        TIME.format(m.timestamp().atZoneSameInstant(zone)), name == null ? m.homeId() : name, m.power(),
        m.accumulatedConsumptionLastHour(), m.accumulatedConsumption());
  }
}
