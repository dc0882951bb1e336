package dev.powerwatch.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A credential that prints as a mask: its value leaves only through {@link #reveal()}. Every
 * secret of six characters or more is also masked in any line the log writes ({@link
 * #redactKnown}), for libraries that log what they send (Akka HTTP names a request's path, where
 * a webhook's key or a Telegram bot's token lives).
 */
public final class Secret {
  private static final int SHORTEST_MASKED_IN_LOGS = 6;
  private static final Set<Secret> KNOWN = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final String value;
  /** The value as written and percent-encoded, as URLs and forms carry it. */
  private final List<String> forms;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value);
    this.forms = value.isEmpty() ? List.of() : List.copyOf(encodedForms(value));
  }

  public static Secret of(String value) {
    Secret secret = new Secret(value);
    if (value.length() >= SHORTEST_MASKED_IN_LOGS) {
      KNOWN.add(secret);
    }
    return secret;
  }

  /** {@code text} with every secret this process has read masked. */
  public static String redactKnown(String text) {
    String out = text;
    for (Secret secret : KNOWN) {
      out = secret.redact(out);
    }
    return out;
  }

  public String reveal() {
    return value;
  }

  /**
   * Replaces every occurrence of this secret in {@code text}, also percent-encoded as a URL or a
   * form would carry it, for messages that echo input.
   */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String form : forms) {
      if (out.contains(form)) {
        out = out.replace(form, toString());
      }
    }
    return out;
  }

  private static Set<String> encodedForms(String value) {
    String formEncoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
    String pathEncoded = formEncoded.replace("+", "%20");
    Set<String> forms = new LinkedHashSet<>();
    forms.add(value);
    for (String encoded : List.of(formEncoded, pathEncoded)) {
      forms.add(encoded);
      forms.add(lowerHex(encoded));
    }
    return forms;
  }

  private static String lowerHex(String encoded) {
    StringBuilder out = new StringBuilder(encoded);
    for (int i = out.indexOf("%"); i >= 0 && i + 2 < out.length(); i = out.indexOf("%", i + 1)) {
      out.replace(i + 1, i + 3, out.substring(i + 1, i + 3).toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "***";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
