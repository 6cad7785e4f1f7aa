package dev.orchestrate.core.playbook;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.diagnostic.SourcePosition;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One play: which hosts, in which batches, with which tasks.
 *
 * @param serial batch sizes as written (numbers or percentages); the last repeats; empty means
 *     one batch of every host
 * @param strategy {@code linear} (Ansible's default: every host finishes a task before any host
 *     starts the next) or {@code free} (each host runs on through its tasks)
 */
public record Play(
    String name,
    SourcePosition position,
    String hosts,
    List<Object> serial,
    Map<String, Object> vars,
    List<Task> tasks,
    boolean anyErrorsFatal,
    OptionalDouble maxFailPercentage,
    String strategy) {
  public Play {
    requireNonNull(name, "name");
    requireNonNull(position, "position");
    requireNonNull(hosts, "hosts");
    serial = List.copyOf(serial);
    vars = YamlValues.frozen(vars);
    tasks = List.copyOf(tasks);
    requireNonNull(maxFailPercentage, "maxFailPercentage");
    if (!strategy.equals("linear") && !strategy.equals("free")) {
      throw new IllegalArgumentException("strategy must be linear or free, not " + strategy);
    }
  }

  public boolean isLinear() {
    return strategy.equals("linear");
  }

  /**
   * The batches {@code hosts} run in, as Ansible's {@code serial} makes them: each size is a
   * number or a percentage of all hosts (rounded down, at least 1); the last size repeats.
   */
  public List<List<String>> batches(List<String> hosts) {
    if (serial.isEmpty() || hosts.isEmpty()) {
      return hosts.isEmpty() ? List.of() : List.of(List.copyOf(hosts));
    }
    List<List<String>> batches = new java.util.ArrayList<>();
    int next = 0;
    int step = 0;
    while (next < hosts.size()) {
      int size = batchSize(serial.get(Math.min(step, serial.size() - 1)), hosts.size());
      int end = Math.min(hosts.size(), next + size);
      batches.add(List.copyOf(hosts.subList(next, end)));
      next = end;
      step++;
    }
    return List.copyOf(batches);
  }

  static int batchSize(Object written, int total) {
    String text = String.valueOf(written).strip();
    int size;
    if (text.endsWith("%")) {
      double percent = Double.parseDouble(text.substring(0, text.length() - 1).strip());
      size = (int) Math.floor(total * percent / 100.0);
    } else {
      size = (int) Double.parseDouble(text);
    }
    return size <= 0 ? (text.endsWith("%") ? 1 : total) : size;
  }
}
