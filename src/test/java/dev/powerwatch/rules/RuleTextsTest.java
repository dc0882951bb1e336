package dev.powerwatch.rules;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.powerwatch.support.Template;
import dev.powerwatch.energy.Doubt;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every rule type speaks every language, with English's placeholders: a missing text fails the build. */
class RuleTextsTest {
  private static final RuleTexts ENGLISH = RuleTexts.of(Language.EN);

  @ParameterizedTest(name = "{0}")
  @EnumSource(Language.class)
  void everyTypeHasItsFourTexts(Language language) {
    RuleTexts texts = RuleTexts.of(language);
    List<Executable> checks = new ArrayList<>();
    for (String type : new RuleLoader().types()) {
      for (String kind : RuleTexts.KINDS) {
        checks.add(() -> assertFalse(texts.forType(type, kind).isBlank(), type + "." + kind + " is blank"));
      }
    }
    assertAll(checks);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Language.class)
  void everyLanguageHasTheKeysOfEnglish(Language language) {
    assertEquals(ENGLISH.keys(), RuleTexts.of(language).keys());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Language.class)
  void eachTextHasThePlaceholdersOfTheEnglishOne(Language language) {
    RuleTexts texts = RuleTexts.of(language);
    assertAll(ENGLISH.keys().stream().map(key -> () -> assertEquals(
        sorted(Template.placeholders(ENGLISH.text(key))), sorted(Template.placeholders(texts.text(key))),
        language.code() + " " + key + ": " + texts.text(key))));
  }

  @Test
  void everyDoubtOfAnEstimateHasItsWords() {
    assertAll(Stream.of(Doubt.values())
        .map(doubt -> () -> assertFalse(ENGLISH.text(HourEstimateRule.doubtKey(doubt)).isBlank())));
  }

  private static List<String> sorted(List<String> placeholders) {
    return placeholders.stream().sorted().toList();
  }
}
