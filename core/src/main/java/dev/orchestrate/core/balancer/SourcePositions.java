package dev.orchestrate.core.balancer;

import dev.orchestrate.core.diagnostic.Diagnostics;
import dev.orchestrate.core.diagnostic.SourcePosition;
import dev.orchestrate.core.yaml.YamlList;
import dev.orchestrate.core.yaml.YamlMap;
import dev.orchestrate.core.yaml.YamlNode;
import dev.orchestrate.core.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where keys stand in the cluster.yaml a topology was read from. A topology keeps no positions,
 * yet a key the loader accepted can still be missing for the balancer: the file is read again to
 * point at the nearest place, so the user's editor opens where the fix goes.
 */
final class SourcePositions {
  private final Optional<YamlNode> root;

  private SourcePositions(Optional<YamlNode> root) {
    this.root = root;
  }

  static SourcePositions of(Path file) {
    try {
      return new SourcePositions(YamlReader.read(Files.readString(file), new Diagnostics(file.toString())));
    } catch (IOException | RuntimeException e) {
      return new SourcePositions(Optional.empty());
    }
  }

  /**
   * The position of the key (or list index) at the end of {@code path}, or of the deepest part of
   * it that is there; the file's start when not even the first is.
   */
  SourcePosition of(String... path) {
    SourcePosition found = SourcePosition.START;
    Optional<YamlNode> at = root;
    for (String step : path) {
      if (at.isPresent() && at.get() instanceof YamlMap map && map.entry(step).isPresent()) {
        found = map.entry(step).get().keyPosition();
        at = Optional.of(map.entry(step).get().value());
      } else if (at.isPresent() && at.get() instanceof YamlList list && step.matches("\\d+")
          && Integer.parseInt(step) < list.items().size()) {
        at = Optional.of(list.items().get(Integer.parseInt(step)));
        found = at.get().position();
      } else {
        break;
      }
    }
    return found;
  }
}
