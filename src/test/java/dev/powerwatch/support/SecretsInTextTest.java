package dev.powerwatch.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Secrets in text: masked in every form a URL or a form carries them, and checked before they are sent. */
class SecretsInTextTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "plain            | key a+b/c=d!   | POST failed for key a+b/c=d!            | POST failed for ***",
      "form-encoded     | key a+b/c=d!   | url?k=key+a%2Bb%2Fc%3Dd%21              | url?k=***",
      "path-encoded     | key a+b/c=d!   | /x/key%20a%2Bb%2Fc%3Dd%21/y             | /x/***/y",
      "lower-case hex   | key a+b/c=d!   | /x/key%20a%2bb%2fc%3dd%21               | /x/***",
      "twice            | tok            | tok and tok                             | *** and ***"})
  void redactionCoversEncodedForms(String name, String secret, String text, String expected) {
    assertEquals(expected.trim(), Secret.of(secret.trim()).redact(text.trim()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "ftp with user info | ftp://user:key@host/x?k=v      | ftp://***@host/***?***",
      "path only          | https://ha.local:8123/api/webhook/abc | https://ha.local:8123/***",
      "host only          | https://ntfy.sh                | https://ntfy.sh",
      "no host            | mailto:someone@example.org     | (a URL without a host)",
      "not a URL          | http://a b/c                   | (not a URL)"})
  void urlsAreShownWithoutUserInfoPathOrQuery(String name, String url, String expected) {
    assertEquals(expected.trim(), Urls.masked(url.trim()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a good token          | TOKEN        | abc-DEF_123.~   | ",
      "a space               | TOKEN        | abc def         | holds a space or tab at character 4",
      "two lines             | TOKEN        | abc\\ndef       | holds 2 lines; it must be one line",
      "a carriage return     | TOKEN        | abc\\r          | holds a line break; it must be one line",
      "a control character   | TOKEN        | abc\\u0007      | holds a control character at character 4",
      "non-ASCII             | TOKEN        | abcæ            | holds a non-ASCII character at character 4",
      "a header with words   | HEADER_VALUE | Bearer abc      | ",
      "a header line break   | HEADER_VALUE | Bearer abc\\nX: y | holds 2 lines; it must be one line",
      "a URL segment         | URL_SEGMENT  | 123:AbC-_x      | ",
      "a slash in a segment  | URL_SEGMENT  | 123/abc         | holds '/' at character 4, which cannot stand in a URL path"})
  void whatCannotBeSentIsDescribedWithoutTheValue(String name, String use, String value, String expected) {
    String text = value.trim().replace("\\n", "\n").replace("\\r", "\r").replace("\\u0007", "\u0007");
    Optional<String> problem = SecretText.problem(text, SecretText.Use.valueOf(use.trim()));
    assertEquals(Optional.ofNullable(expected).map(String::trim), problem);
    problem.ifPresent(p -> assertFalse(p.contains("abc"), p));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"cooldwn, cooldown", "quiet-hour, quiet-hours", "chanels, channels", "tokn, token",
      "vaule, value", "COOLDOWN, cooldown"})
  void theNearestKnownKeyIsSuggested(String typo, String expected) {
    List<String> known = List.of("cooldown", "quiet-hours", "channels", "token", "token-file", "value", "rule");
    assertEquals(Optional.of(expected), Suggestions.nearest(typo, known));
  }

  @ParameterizedTest(name = "{0} has no near key")
  @CsvSource({"xyz", "foobar"})
  void aFarKeyGetsTheListInstead(String word) {
    assertEquals("; known here: above, below", Suggestions.didYouMean(word, List.of("below", "above")));
  }
}
