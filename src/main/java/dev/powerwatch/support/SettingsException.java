package dev.powerwatch.support;

/** Bad configuration: names the key and the problem, and never carries a secret's value. */
public final class SettingsException extends RuntimeException {
  private final String key;

  public SettingsException(String key, String problem) {
    super(key + ": " + problem);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
