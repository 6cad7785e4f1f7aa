package dev.orchestrate.core.topology;

import java.util.Arrays;

/** Maps cluster.yaml's words to the constants of {@link YamlWord} enums. */
final class YamlWords {
  private YamlWords() {}

  /** The constant written as {@code text}; the shape has already checked that there is one. */
  static <E extends Enum<E> & YamlWord> E find(E[] values, String text) {
    return Arrays.stream(values)
        .filter(v -> v.yamlName().equals(text))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is none of " + Arrays.toString(values)));
  }

  /** The words of every constant, for the shape's list of allowed values. */
  static <E extends Enum<E> & YamlWord> String[] words(E[] values) {
    return Arrays.stream(values).map(YamlWord::yamlName).toArray(String[]::new);
  }
}
