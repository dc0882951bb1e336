package dev.powerwatch.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules' default notification texts in one language, read from
 * {@code texts/rules_<code>.properties}. Each rule type has the keys {@code <type>.title},
 * {@code <type>.message}, {@code <type>.resolved-title} and {@code <type>.resolved-message}, so a
 * new type's texts are keys in each language's file, not code. Nothing falls back to another
 * language: a missing key is an error, and a test walks every type and language to catch one.
 */
public final class RuleTexts {
  /** The texts every rule type has, as the suffix of its keys (and the rule's own keys). */
  public static final List<String> KINDS = List.of("title", "message", "resolved-title", "resolved-message");
  /** The resolved title of a rule that sets its own {@code title} but no {@code resolved-title}. */
  static final String OWN_TITLE_RESOLVED = "own-title.resolved-title";

  private final String resource;
  private final Properties texts;

  private RuleTexts(String resource, Properties texts) {
    this.resource = resource;
    this.texts = texts;
  }

  public static RuleTexts of(Language language) {
    String resource = "texts/rules_" + language.code() + ".properties";
    try (InputStream in = RuleTexts.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path");
      }
      Properties texts = new Properties();
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        texts.load(reader);
      }
      return new RuleTexts(resource, texts);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** @param kind one of {@link #KINDS} */
  public String forType(String type, String kind) {
    return text(type + "." + kind);
  }

  public String text(String key) {
    String text = texts.getProperty(key);
    if (text == null) {
      throw new IllegalStateException(resource + " has no text '" + key + "'");
    }
    return text;
  }

  /** Sorted, so two languages' keys compare readably. */
  public Set<String> keys() {
    return new TreeSet<>(texts.stringPropertyNames());
  }
}
