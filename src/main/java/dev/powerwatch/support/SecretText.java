package dev.powerwatch.support;

import java.util.Optional;

/**
 * What a credential must be before it goes into a header, a URL or a form: one line of visible
 * ASCII. The problem is described without the value, so it can name the key and nothing more.
 */
public final class SecretText {
  private SecretText() {}

  /** Where a credential is sent, which decides which characters it may hold. */
  public enum Use {
    /** A header value or form field: visible ASCII, no spaces. */
    TOKEN,
    /** A header value that may hold spaces between words (e.g. "Bearer abc"), but no line break or control. */
    HEADER_VALUE,
    /** One segment of a URL path (Telegram's bot token): unreserved characters and ':' only. */
    URL_SEGMENT
  }

  /** The first problem with {@code value} for {@code use}, or empty when it can be sent. */
  public static Optional<String> problem(String value, Use use) {
    long lines = value.lines().count();
    if (lines > 1) {
      return Optional.of("holds " + lines + " lines; it must be one line");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n') {
        return Optional.of("holds a line break; it must be one line");
      }
      if (c == ' ' || c == '\t') {
        if (use != Use.HEADER_VALUE) {
          return Optional.of("holds a space or tab at character " + (i + 1));
        }
      } else if (c < 0x20 || c == 0x7f) {
        return Optional.of("holds a control character at character " + (i + 1));
      } else if (c > 0x7e) {
        return Optional.of("holds a non-ASCII character at character " + (i + 1));
      } else if (use == Use.URL_SEGMENT && !unreserved(c)) {
        return Optional.of("holds '" + c + "' at character " + (i + 1) + ", which cannot stand in a URL path");
      }
    }
    return Optional.empty();
  }

  private static boolean unreserved(char c) {
    return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ':';
  }
}
