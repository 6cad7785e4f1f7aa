package dev.orchestrate.core.executor;

import dev.orchestrate.core.ExitCode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The end of a walk: every task's outcome, a per-node tally as Ansible's recap gives it, and why
 * the walk stopped early, if it did.
 */
public record RunSummary(List<TaskOutcome> outcomes, List<String> nodes, Optional<String> stoppedBecause,
    Duration elapsed) {
  public RunSummary {
    outcomes = List.copyOf(outcomes);
    nodes = List.copyOf(nodes);
    java.util.Objects.requireNonNull(stoppedBecause, "stoppedBecause");
  }

  /**
   * Per node, how many tasks ended in each status, counted as Ansible's recap counts them: a
   * failure that {@code ignore_errors} let pass counts as IGNORED and also as OK, or as CHANGED
   * when its result says it changed something.
   */
  public Map<String, Map<TaskOutcome.Status, Integer>> recap() {
    Map<String, Map<TaskOutcome.Status, Integer>> recap = new LinkedHashMap<>();
    for (String node : nodes) {
      Map<TaskOutcome.Status, Integer> counts = new LinkedHashMap<>();
      for (TaskOutcome.Status status : TaskOutcome.Status.values()) {
        counts.put(status, 0);
      }
      recap.put(node, counts);
    }
    for (TaskOutcome outcome : outcomes) {
      Map<TaskOutcome.Status, Integer> counts = recap.computeIfAbsent(outcome.node(), n -> new LinkedHashMap<>());
      counts.merge(outcome.status(), 1, Integer::sum);
      if (outcome.status() == TaskOutcome.Status.IGNORED) {
        boolean changed = Boolean.TRUE.equals(outcome.result().get("changed"));
        counts.merge(changed ? TaskOutcome.Status.CHANGED : TaskOutcome.Status.OK, 1, Integer::sum);
      }
    }
    return recap;
  }

  public boolean changedAnything() {
    return outcomes.stream().anyMatch(o -> o.status() == TaskOutcome.Status.CHANGED);
  }

  public boolean succeeded() {
    return exitCode() == ExitCode.OK;
  }

  /**
   * 3 when a node could not be reached, 1 when a task failed or the walk stopped before its end
   * (a journal that could not be written, an interruption), 0 otherwise.
   */
  public ExitCode exitCode() {
    if (outcomes.stream().anyMatch(o -> o.status() == TaskOutcome.Status.UNREACHABLE)) {
      return ExitCode.UNREACHABLE;
    }
    if (stoppedBecause.isPresent() || outcomes.stream().anyMatch(o -> o.status() == TaskOutcome.Status.FAILED)) {
      return ExitCode.TASK_FAILED;
    }
    return ExitCode.OK;
  }
}
