package dev.orchestrate.core.playbook;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * A parsed playbook: its plays in order. Values inside are as written (templates unrendered);
 * they are rendered per node when a task runs.
 *
 * @param name how plans and reports call it: the file name without its extension
 */
public record Playbook(Path source, String name, List<Play> plays) {
  public Playbook {
    requireNonNull(source, "source");
    requireNonNull(name, "name");
    plays = List.copyOf(plays);
  }

  /** The folder the playbook lives in: where {@code templates/} and {@code files/} are looked up. */
  public Path directory() {
    Path parent = source.toAbsolutePath().getParent();
    return parent == null ? Path.of(".") : parent;
  }
}
