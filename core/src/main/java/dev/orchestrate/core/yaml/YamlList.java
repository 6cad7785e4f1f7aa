package dev.orchestrate.core.yaml;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.diagnostic.SourcePosition;
import java.util.List;

/** A YAML sequence. */
public record YamlList(SourcePosition position, List<YamlNode> items) implements YamlNode {
  public YamlList {
    requireNonNull(position, "position");
    items = List.copyOf(items);
  }

  @Override
  public String describe() {
    return "a list";
  }
}
