package dev.powerwatch.http;

import dev.powerwatch.support.Secret;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The local HTTP server: where it listens, which Host names it answers to besides the loopback
 * ones, and the bearer token every route but /health requires (mandatory off loopback).
 */
public record HttpSettings(boolean enabled, String host, int port, List<String> allowedHosts, Optional<Secret> token) {
  public HttpSettings {
    allowedHosts = List.copyOf(allowedHosts);
  }

  public HttpSettings(boolean enabled, String host, int port) {
    this(enabled, host, port, List.of(), Optional.empty());
  }

  public static HttpSettings disabled() {
    return new HttpSettings(false, "127.0.0.1", 0);
  }

  /** Whether {@code host} names only this machine (127.0.0.0/8, ::1, localhost). */
  public static boolean isLoopback(String host) {
    try {
      InetAddress[] addresses = InetAddress.getAllByName(host);
      for (InetAddress address : addresses) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return addresses.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
