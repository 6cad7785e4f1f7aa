package dev.orchestrate.core.yaml;

import dev.orchestrate.core.diagnostic.SourcePosition;

/**
 * A YAML value that remembers where it was written, so every later check can point at it.
 * The tree is immutable once read.
 */
public sealed interface YamlNode permits YamlMap, YamlList, YamlScalar {
  SourcePosition position();

  /** What this value is, as a person would say it: "a mapping", "a list", "a number", ... */
  String describe();
}
