package dev.powerwatch.energy;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** How a capacity tariff turns the month's kW into a monthly fee: a step table or a price per kW. */
public sealed interface Pricing {

  /** The fee for a month billed at {@code kw}, priced as on {@code date}. */
  double fee(double kw, LocalDate date);

  /** The step {@code kw} is in on {@code date}; empty for a price per kW. */
  Optional<StepTable.Step> step(double kw, LocalDate date);

  /**
   * Step tables, each in force from its {@code validFrom} until the next one. Before the first
   * table's date, the first table applies.
   */
  record Steps(List<StepTable> tables) implements Pricing {
    public Steps {
      if (tables.isEmpty()) {
        throw new IllegalArgumentException("at least one step table");
      }
      tables = tables.stream().sorted(Comparator.comparing(StepTable::validFrom)).toList();
    }

    /** The latest table with {@code validFrom <= date}. */
    public StepTable tableOn(LocalDate date) {
      StepTable inForce = tables.get(0);
      for (StepTable table : tables) {
        if (!table.validFrom().isAfter(date)) {
          inForce = table;
        }
      }
      return inForce;
    }

    @Override
    public double fee(double kw, LocalDate date) {
      return tableOn(date).stepFor(kw).price();
    }

    @Override
    public Optional<StepTable.Step> step(double kw, LocalDate date) {
      return Optional.of(tableOn(date).stepFor(kw));
    }
  }

  /** A price per kW per month (Sweden's effektavgift; Belgium's yearly price divided by 12). */
  record PerKw(double pricePerKw) implements Pricing {
    @Override
    public double fee(double kw, LocalDate date) {
      return kw * pricePerKw;
    }

    @Override
    public Optional<StepTable.Step> step(double kw, LocalDate date) {
      return Optional.empty();
    }
  }
}
