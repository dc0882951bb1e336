package dev.powerwatch.rules;

import java.util.Map;
import java.util.function.Supplier;

/**
 * A rule's answer for one input: does its condition hold, and the values to show in messages.
 * The values are made only when an alert changes, not for every measurement.
 */
public record Verdict(boolean active, Supplier<Map<String, String>> valuesSupplier) {

  public Verdict(boolean active, Map<String, String> values) {
    this(active, () -> values);
  }

  public Map<String, String> values() {
    return valuesSupplier.get();
  }
}
