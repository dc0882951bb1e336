package dev.powerwatch.support;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Title and message text with {@code {placeholder}}s, checked against the known names at start. */
public final class Template {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

  private Template() {}

  public static String render(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The placeholder names in {@code template}, in reading order, each as often as it appears. */
  public static List<String> placeholders(String template) {
    return PLACEHOLDER.matcher(template).results().map(m -> m.group(1)).toList();
  }

  /** The first placeholder in {@code template}, in reading order, that is not in {@code known}. */
  public static Optional<String> firstUnknownPlaceholder(String template, Set<String> known) {
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!known.contains(m.group(1))) {
        return Optional.of(m.group(1));
      }
    }
    return Optional.empty();
  }
}
