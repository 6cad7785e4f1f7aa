package dev.orchestrate.core.transport;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Builds POSIX shell command lines in which every word arrives exactly as given. */
public final class Shell {
  private Shell() {}

  /**
   * {@code word} as one shell word: single-quoted, with each {@code '} written as {@code '\''}.
   * Spaces, {@code $}, backticks, quotes and newlines all survive, since nothing is special
   * inside single quotes.
   */
  public static String quote(String word) {
    if (!word.isEmpty() && word.chars().allMatch(Shell::isSafe)) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** The words, each quoted, joined by spaces: a command line that runs {@code words[0]} with the rest as arguments. */
  public static String command(String... words) {
    return Arrays.stream(words).map(Shell::quote).collect(Collectors.joining(" "));
  }

  private static boolean isSafe(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "@%+=:,./_-".indexOf(c) >= 0;
  }
}
