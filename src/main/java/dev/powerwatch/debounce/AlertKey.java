package dev.powerwatch.debounce;

/** One alert: a rule applied to a home. */
public record AlertKey(String homeId, String rule) {
  @Override
  public String toString() {
    return rule + "@" + homeId;
  }
}
