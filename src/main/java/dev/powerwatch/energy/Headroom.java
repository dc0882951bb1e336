package dev.powerwatch.energy;

/**
 * How much energy the running interval may use before it costs more this month.
 *
 * <ul>
 *   <li>{@code startsToCountKWh} — up to this the interval leaves the month's value where it is
 *       (it has to beat today's top, or the lowest of the peaks that count, first);
 *   <li>{@code limitKWh} — with step tables, the energy at which the month would enter the next
 *       step: stay below it; with a price per kW, {@code startsToCountKWh} plus the margin.
 * </ul>
 * Both are infinite when the interval does not count (outside the tariff's hours, days or
 * months); {@code limitKWh} is infinite when the month is already in the top step.
 */
public record Headroom(double startsToCountKWh, double limitKWh) {
  public static final Headroom NOT_COUNTED = new Headroom(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);

  public boolean unlimited() {
    return Double.isInfinite(limitKWh);
  }
}
