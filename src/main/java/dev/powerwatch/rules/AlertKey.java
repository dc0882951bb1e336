package dev.powerwatch.rules;

/** One alert: a rule applied to a home. */
public record AlertKey(String homeId, String rule) {
  @Override
  public String toString() {
    return rule + "@" + homeId;
  }
}
