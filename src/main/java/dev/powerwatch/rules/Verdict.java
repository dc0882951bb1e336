package dev.powerwatch.rules;

import java.util.Map;

/** A rule's answer for one input: does its condition hold, and the values to show in messages. */
public record Verdict(boolean active, Map<String, String> values) {
  public Verdict {
    values = Map.copyOf(values);
  }
}
