package dev.orchestrate.core.playbook;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.diagnostic.SourcePosition;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One task as written: a module with its arguments and the keys that govern it. Conditions and
 * arguments are kept as written and evaluated per node when the task runs, as Ansible does.
 *
 * @param arguments the module's arguments; a free-form value is under {@code _raw_params}
 * @param when conditions that must all hold (empty: always)
 * @param loop a list, or a template yielding one; empty when the task does not loop
 * @param indexVar loop_control's {@code index_var}: the variable holding each item's position from 0
 */
public record Task(
    String name,
    SourcePosition position,
    String module,
    Map<String, Object> arguments,
    List<Object> when,
    Optional<String> register,
    List<Object> changedWhen,
    List<Object> failedWhen,
    List<Object> until,
    Optional<Object> retries,
    Optional<Object> delay,
    Optional<Object> loop,
    Optional<String> loopVar,
    boolean ignoreErrors,
    List<String> tags,
    boolean noLog,
    boolean runOnce,
    Optional<String> delegateTo,
    Optional<Object> timeout,
    Map<String, Object> vars,
    Optional<String> indexVar) {
  public Task {
    requireNonNull(name, "name");
    requireNonNull(position, "position");
    requireNonNull(module, "module");
    arguments = YamlValues.frozen(arguments);
    when = List.copyOf(when);
    requireNonNull(register, "register");
    changedWhen = List.copyOf(changedWhen);
    failedWhen = List.copyOf(failedWhen);
    until = List.copyOf(until);
    requireNonNull(retries, "retries");
    requireNonNull(delay, "delay");
    requireNonNull(loop, "loop");
    requireNonNull(loopVar, "loopVar");
    tags = List.copyOf(tags);
    requireNonNull(delegateTo, "delegateTo");
    requireNonNull(timeout, "timeout");
    vars = YamlValues.frozen(vars);
    requireNonNull(indexVar, "indexVar");
  }

  /** A task without loop_control's {@code index_var}. */
  public Task(String name, SourcePosition position, String module, Map<String, Object> arguments, List<Object> when,
      Optional<String> register, List<Object> changedWhen, List<Object> failedWhen, List<Object> until,
      Optional<Object> retries, Optional<Object> delay, Optional<Object> loop, Optional<String> loopVar,
      boolean ignoreErrors, List<String> tags, boolean noLog, boolean runOnce, Optional<String> delegateTo,
      Optional<Object> timeout, Map<String, Object> vars) {
    this(name, position, module, arguments, when, register, changedWhen, failedWhen, until, retries, delay, loop,
        loopVar, ignoreErrors, tags, noLog, runOnce, delegateTo, timeout, vars, Optional.empty());
  }

  /** The name a report shows: the task's name, or the module as Ansible shows an unnamed task. */
  public String title() {
    return name.isEmpty() ? module : name;
  }
}
