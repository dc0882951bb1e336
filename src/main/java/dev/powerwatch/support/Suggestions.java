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

  /** Edits (insert, delete, replace, swap two neighbours) from one word to the other, case-insensitive. */
  static int distance(String a, String b) {
    String x = a.toLowerCase();
    String y = b.toLowerCase();
    int[][] d = new int[x.length() + 1][y.length() + 1];
    for (int i = 0; i <= x.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= y.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      for (int j = 1; j <= y.length(); j++) {
        int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
        if (i > 1 && j > 1 && x.charAt(i - 1) == y.charAt(j - 2) && x.charAt(i - 2) == y.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[x.length()][y.length()];
  }
}
