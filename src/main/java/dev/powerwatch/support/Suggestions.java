package dev.powerwatch.support;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.TreeSet;

/** "Did you mean ...?" for a misspelt key: the nearest known word by edit distance, if near enough. */
public final class Suggestions {
  private Suggestions() {}

  public static Optional<String> nearest(String word, Collection<String> known) {
    int tolerance = Math.max(2, word.length() / 3);
    return known.stream()
        .filter(candidate -> distance(word, candidate) <= tolerance)
        .min(Comparator.comparingInt((String candidate) -> distance(word, candidate)).thenComparing(c -> c));
  }

  /** " — did you mean X?" or "; known here: a, b, c". */
  public static String didYouMean(String word, Collection<String> known) {
    return nearest(word, known).map(n -> " — did you mean " + n + "?")
        .orElse(known.isEmpty() ? "" : "; known here: " + String.join(", ", new TreeSet<>(known)));
  }

  /** Levenshtein distance, case-insensitive. */
  static int distance(String a, String b) {
    String x = a.toLowerCase();
    String y = b.toLowerCase();
    int[] previous = new int[y.length() + 1];
    int[] current = new int[y.length() + 1];
    for (int j = 0; j <= y.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= y.length(); j++) {
        int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[y.length()];
  }
}
