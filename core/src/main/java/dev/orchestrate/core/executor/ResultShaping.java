package dev.orchestrate.core.executor;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.playbook.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a module's result becomes the task's: {@code changed_when} and {@code failed_when}, tested
 * with the result registered, overrule what the module said; {@code ignore_errors} lets a failed
 * node go on; {@code no_log} shows nothing of the result but whether it changed or failed.
 */
final class ResultShaping {
  static final String HIDDEN = "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

  /** The keys of a task that shape its result, as written. */
  record Rules(List<Object> changedWhen, List<Object> failedWhen, Optional<String> register, boolean ignoreErrors,
      boolean noLog) {
    Rules {
      changedWhen = List.copyOf(changedWhen);
      failedWhen = List.copyOf(failedWhen);
    }

    static Rules of(Task task) {
      return new Rules(task.changedWhen(), task.failedWhen(), task.register(), task.ignoreErrors(), task.noLog());
    }
  }

  private final Conditions conditions;

  ResultShaping(Conditions conditions) {
    this.conditions = conditions;
  }

  /**
   * The module's result as the task reads it. A failure the module gave no message for shows
   * the command's stderr; a skip the module reports counts only if the task did not fail.
   */
  Attempt judge(ModuleResult result, Rules rules, Map<String, Object> variables) {
    Map<String, Object> registered = new LinkedHashMap<>(result.registered());
    boolean changed = result.changed();
    boolean failed = result.failed();
    if (!rules.changedWhen().isEmpty() || !rules.failedWhen().isEmpty()) {
      Map<String, Object> withResult = Conditions.withRegistered(rules.register(), variables, registered);
      if (!rules.changedWhen().isEmpty()) {
        changed = conditions.allHold(rules.changedWhen(), withResult);
      }
      if (!rules.failedWhen().isEmpty()) {
        failed = conditions.allHold(rules.failedWhen(), withResult);
      }
      registered.put("changed", changed);
      registered.put("failed", failed);
    }
    String message = result.message();
    if (failed && message.isEmpty() && registered.get("stderr") instanceof String stderr && !stderr.isBlank()) {
      message = stderr.strip();
    }
    boolean skipped = Boolean.TRUE.equals(result.fields().get("skipped")) && !failed;
    return new Attempt(registered, changed, failed, skipped, message);
  }

  /** The task's status, a failure first: {@code ignore_errors} makes it IGNORED. */
  static TaskOutcome.Status status(Attempt attempt, Rules rules) {
    if (attempt.failed()) {
      return rules.ignoreErrors() ? TaskOutcome.Status.IGNORED : TaskOutcome.Status.FAILED;
    }
    if (attempt.skipped()) {
      return TaskOutcome.Status.SKIPPED;
    }
    return attempt.changed() ? TaskOutcome.Status.CHANGED : TaskOutcome.Status.OK;
  }

  /** What reports, events and the journal may see of the task's result: under {@code no_log}, hardly anything. */
  static Attempt shown(Attempt attempt, Rules rules) {
    if (!rules.noLog()) {
      return attempt;
    }
    return new Attempt(Map.of("changed", attempt.changed(), "failed", attempt.failed(), "censored", HIDDEN),
        attempt.changed(), attempt.failed(), attempt.skipped(), attempt.message().isEmpty() ? "" : HIDDEN);
  }
}
