package dev.powerwatch.support;

import java.net.URI;
import java.net.URISyntaxException;

/** URLs as they may be shown: user info, path and query hidden, since any of them may carry a key. */
public final class Urls {
  private Urls() {}

  /** e.g. {@code ftp://user:key@host/x?k=v} shows as {@code ftp://***@host/***?***}. */
  public static String masked(String raw) {
    try {
      URI uri = new URI(raw.trim());
      if (uri.getHost() == null) {
        return "(a URL without a host)";
      }
      StringBuilder out = new StringBuilder();
      out.append(uri.getScheme() == null ? "" : uri.getScheme() + "://");
      out.append(uri.getRawUserInfo() == null ? "" : "***@");
      out.append(uri.getHost()).append(uri.getPort() < 0 ? "" : ":" + uri.getPort());
      String path = uri.getRawPath();
      out.append(path == null || path.isEmpty() || path.equals("/") ? "" : "/***");
      out.append(uri.getRawQuery() == null ? "" : "?***");
      return out.toString();
    } catch (URISyntaxException e) {
      return "(not a URL)";
    }
  }
}
