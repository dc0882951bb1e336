package dev.powerwatch.rules;

import java.util.Locale;

/** The language of the rules' default texts, {@code powerwatch.language}; each has a {@link RuleTexts} file. */
public enum Language {
  EN,
  NB,
  SV;

  /** As written in the configuration and in the name of its texts file. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
