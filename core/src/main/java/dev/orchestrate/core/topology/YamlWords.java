package dev.orchestrate.core.topology;

import java.util.Arrays;
import java.util.function.Function;

/** Maps the words of cluster.yaml's enumerations to Java enums; the shape has already checked them. */
final class YamlWords {
  private YamlWords() {}

  static <E extends Enum<E>> E find(E[] values, Function<E, String> word, String text) {
    return Arrays.stream(values)
        .filter(v -> word.apply(v).equals(text))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is none of " + Arrays.toString(values)));
  }

  static <E extends Enum<E>> String[] words(E[] values, Function<E, String> word) {
    return Arrays.stream(values).map(word).toArray(String[]::new);
  }
}
