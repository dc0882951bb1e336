package dev.powerwatch.energy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One step table of a capacity tariff, in force from {@code validFrom}: the monthly fee by the
 * month's kW. A step includes its lower bound and excludes its upper one (5.00 kW is in 5-10);
 * the last step is open. Written as {@code from(date).upTo(2, 150).upTo(5, 250) ... .rest(925)},
 * the form of the tariff description {@code [{upTo, price}, ..., {price}]}.
 */
public record StepTable(LocalDate validFrom, List<Step> steps) {
  /* Averages of decimal kW values carry binary rounding (5.2 + 4.9 + 4.9 is not exactly 15), so a
     value within this of a bound counts as reaching it. */
  private static final double ROUNDING = 1e-9;

  /** {@code [fromKw, upToKw)} at {@code price} per month; {@code upToKw} is infinite for the last step. */
  public record Step(double fromKw, double upToKw, double price) {
    public boolean open() {
      return Double.isInfinite(upToKw);
    }

    @Override
    public String toString() {
      return open() ? fromKw + "+" : fromKw + "-" + upToKw;
    }
  }

  public StepTable {
    steps = List.copyOf(steps);
    if (steps.isEmpty() || steps.get(0).fromKw() != 0 || !steps.get(steps.size() - 1).open()) {
      throw new IllegalArgumentException("a step table starts at 0 kW and ends with an open step: " + steps);
    }
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      boolean joined = i == 0 || steps.get(i - 1).upToKw() == step.fromKw();
      if (!(step.upToKw() > step.fromKw()) || !joined) {
        throw new IllegalArgumentException("steps must rise without gaps: " + steps);
      }
    }
  }

  public static Builder from(LocalDate validFrom) {
    return new Builder(validFrom);
  }

  /** The step {@code kw} is in. */
  public Step stepFor(double kw) {
    for (Step step : steps) {
      if (kw < step.upToKw() - ROUNDING) {
        return step;
      }
    }
    return steps.get(steps.size() - 1);
  }

  public static final class Builder {
    private final LocalDate validFrom;
    private final List<Step> steps = new ArrayList<>();
    private double from;

    private Builder(LocalDate validFrom) {
      this.validFrom = validFrom;
    }

    /** A step from the previous bound (0 for the first) up to, not including, {@code kw}. */
    public Builder upTo(double kw, double price) {
      steps.add(new Step(from, kw, price));
      from = kw;
      return this;
    }

    /** The open last step. */
    public StepTable rest(double price) {
      steps.add(new Step(from, Double.POSITIVE_INFINITY, price));
      return new StepTable(validFrom, steps);
    }
  }
}
