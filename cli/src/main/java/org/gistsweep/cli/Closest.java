package org.gistsweep.cli;

import java.util.Collection;
import java.util.Optional;

/** The known word nearest a mistyped one, for "did you mean" hints. */
final class Closest {
  private Closest() {}

  /** The candidate within edit distance 3 (and a third of the word) of {@code word}, if any. */
  static Optional<String> among(String word, Collection<String> candidates) {
    int limit = Math.min(3, Math.max(1, word.length() / 3));
    String best = null;
    int bestDistance = limit + 1;
    for (String c : candidates) {
      int d = distance(word, c);
      if (d < bestDistance || (d == bestDistance && best != null && c.compareTo(best) < 0)) {
        best = c;
        bestDistance = d;
      }
    }
    return bestDistance <= limit ? Optional.of(best) : Optional.empty();
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
