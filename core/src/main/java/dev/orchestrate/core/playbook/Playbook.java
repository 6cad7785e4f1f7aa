package dev.orchestrate.core.playbook;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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

  /**
   * Whether a value of the playbook names one of {@code names} as a whole word: a play's hosts
   * and vars; a task's arguments, conditions, loop, retries, delay, timeout, delegate and vars.
   * Values are kept as written, so this reads templates ({@code "{{ facts.state }}"}) and host
   * patterns ({@code new_nodes}) alike; {@code gather_facts} or a comment never counts. A run
   * asks it to read the nodes' facts only for a playbook that uses them.
   */
  public boolean mentions(Set<String> names) {
    Pattern word = Pattern.compile("(?<![A-Za-z0-9_])(" + names.stream().map(Pattern::quote)
        .collect(Collectors.joining("|")) + ")(?![A-Za-z0-9_])");
    List<String> texts = new ArrayList<>();
    for (Play play : plays) {
      texts.add(play.hosts());
      collect(play.vars(), texts);
      for (Task task : play.tasks()) {
        collect(task.arguments(), texts);
        collect(List.of(task.when(), task.changedWhen(), task.failedWhen(), task.until()), texts);
        collect(List.of(task.retries(), task.delay(), task.loop(), task.delegateTo(), task.timeout()), texts);
        collect(task.vars(), texts);
      }
    }
    return texts.stream().anyMatch(text -> word.matcher(text).find());
  }

  /** Whether a task of the playbook runs {@code module} with {@code argument} written as {@code value}. */
  public boolean runs(String module, String argument, String value) {
    return plays.stream().flatMap(play -> play.tasks().stream())
        .anyMatch(task -> task.module().equals(module) && value.equals(task.arguments().get(argument)));
  }

  private static void collect(Object value, List<String> texts) {
    if (value instanceof String text) {
      texts.add(text);
    } else if (value instanceof Optional<?> optional) {
      optional.ifPresent(present -> collect(present, texts));
    } else if (value instanceof Map<?, ?> map) {
      map.values().forEach(v -> collect(v, texts));
    } else if (value instanceof Collection<?> values) {
      values.forEach(v -> collect(v, texts));
    }
  }
}
