package dev.orchestrate.core.shape;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** Finds what a user most likely meant by a misspelt key or value. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The candidate closest to {@code written}, if it is close enough to be a slip of the keyboard:
   * case is ignored, a swap of two letters counts as one edit, and the allowed distance grows
   * with the word (1 edit for short words, up to 3).
   */
  public static Optional<String> nearest(String written, Collection<String> candidates) {
    String typed = written.toLowerCase(Locale.ROOT);
    int allowed = Math.max(1, Math.min(3, typed.length() / 3));
    return candidates.stream()
        .filter(c -> distance(typed, c.toLowerCase(Locale.ROOT)) <= allowed)
        .min(Comparator.comparingInt((String c) -> distance(typed, c.toLowerCase(Locale.ROOT)))
            .thenComparing(Comparator.naturalOrder()));
  }

  /** Edit distance with adjacent transpositions (optimal string alignment). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
