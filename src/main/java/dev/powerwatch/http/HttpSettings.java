package dev.powerwatch.http;

/** The local status server: {@code GET /health} and {@code GET /state}. */
public record HttpSettings(boolean enabled, String host, int port) {
  public static HttpSettings disabled() {
    return new HttpSettings(false, "127.0.0.1", 0);
  }
}
