package dev.orchestrate.core.yaml;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.diagnostic.SourcePosition;
import java.util.List;
import java.util.Optional;

/** A YAML mapping with its keys in written order; keys are unique (duplicates are reported). */
public record YamlMap(SourcePosition position, List<Entry> entries) implements YamlNode {

  /** One {@code key: value} pair; the key's own position is where problems with it are shown. */
  public record Entry(String key, SourcePosition keyPosition, YamlNode value) {
    public Entry {
      requireNonNull(key, "key");
      requireNonNull(keyPosition, "keyPosition");
      requireNonNull(value, "value");
    }
  }

  public YamlMap {
    requireNonNull(position, "position");
    entries = List.copyOf(entries);
  }

  public Optional<Entry> entry(String key) {
    return entries.stream().filter(e -> e.key().equals(key)).findFirst();
  }

  public Optional<YamlNode> get(String key) {
    return entry(key).map(Entry::value);
  }

  /** The mapping under {@code key}, if it is one. */
  public Optional<YamlMap> map(String key) {
    return get(key).filter(YamlMap.class::isInstance).map(YamlMap.class::cast);
  }

  /** The list under {@code key}, if it is one. */
  public Optional<YamlList> list(String key) {
    return get(key).filter(YamlList.class::isInstance).map(YamlList.class::cast);
  }

  /** The scalar under {@code key}, if it is one and not empty. */
  public Optional<YamlScalar> scalar(String key) {
    return get(key)
        .filter(YamlScalar.class::isInstance)
        .map(YamlScalar.class::cast)
        .filter(s -> s.type() != YamlScalar.Type.NULL);
  }

  /** The text of the scalar under {@code key}, if there is one. */
  public Optional<String> text(String key) {
    return scalar(key).map(YamlScalar::text);
  }

  @Override
  public String describe() {
    return "a mapping";
  }
}
