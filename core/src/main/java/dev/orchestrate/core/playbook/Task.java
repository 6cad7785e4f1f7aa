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

  /**
   * A task that runs {@code module}, named {@code name} (empty: unnamed), with every other key as a
   * task that does not write it has it ({@link Builder}).
   */
  public static Builder builder(String name, String module) {
    return new Builder(name, module);
  }

  /** The name a report shows: the task's name, or the module as Ansible shows an unnamed task. */
  public String title() {
    return name.isEmpty() ? module : name;
  }

  /**
   * A task key by key, for the tasks made in code (a rollback's) and by the parser. A key not set
   * is as a task that does not write it: position {@link SourcePosition#START}; no arguments,
   * {@code when}, {@code changed_when}, {@code failed_when}, {@code until}, tags or vars; no
   * register, retries, delay, loop, loop_var, delegate_to, timeout or index_var; ignore_errors,
   * no_log and run_once false. {@link #build} checks what the record checks.
   */
  public static final class Builder {
    private final String name;
    private final String module;
    private SourcePosition position = SourcePosition.START;
    private Map<String, Object> arguments = Map.of();
    private List<Object> when = List.of();
    private Optional<String> register = Optional.empty();
    private List<Object> changedWhen = List.of();
    private List<Object> failedWhen = List.of();
    private List<Object> until = List.of();
    private Optional<Object> retries = Optional.empty();
    private Optional<Object> delay = Optional.empty();
    private Optional<Object> loop = Optional.empty();
    private Optional<String> loopVar = Optional.empty();
    private boolean ignoreErrors;
    private List<String> tags = List.of();
    private boolean noLog;
    private boolean runOnce;
    private Optional<String> delegateTo = Optional.empty();
    private Optional<Object> timeout = Optional.empty();
    private Map<String, Object> vars = Map.of();
    private Optional<String> indexVar = Optional.empty();

    private Builder(String name, String module) {
      this.name = name;
      this.module = module;
    }

    public Builder position(SourcePosition position) {
      this.position = position;
      return this;
    }

    public Builder arguments(Map<String, Object> arguments) {
      this.arguments = arguments;
      return this;
    }

    public Builder when(List<Object> when) {
      this.when = when;
      return this;
    }

    public Builder register(Optional<String> register) {
      this.register = register;
      return this;
    }

    public Builder changedWhen(List<Object> changedWhen) {
      this.changedWhen = changedWhen;
      return this;
    }

    public Builder failedWhen(List<Object> failedWhen) {
      this.failedWhen = failedWhen;
      return this;
    }

    public Builder until(List<Object> until) {
      this.until = until;
      return this;
    }

    public Builder retries(Optional<Object> retries) {
      this.retries = retries;
      return this;
    }

    public Builder delay(Optional<Object> delay) {
      this.delay = delay;
      return this;
    }

    public Builder loop(Optional<Object> loop) {
      this.loop = loop;
      return this;
    }

    public Builder loopVar(Optional<String> loopVar) {
      this.loopVar = loopVar;
      return this;
    }

    public Builder ignoreErrors(boolean ignoreErrors) {
      this.ignoreErrors = ignoreErrors;
      return this;
    }

    public Builder tags(List<String> tags) {
      this.tags = tags;
      return this;
    }

    public Builder noLog(boolean noLog) {
      this.noLog = noLog;
      return this;
    }

    public Builder runOnce(boolean runOnce) {
      this.runOnce = runOnce;
      return this;
    }

    public Builder delegateTo(Optional<String> delegateTo) {
      this.delegateTo = delegateTo;
      return this;
    }

    public Builder timeout(Optional<Object> timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder vars(Map<String, Object> vars) {
      this.vars = vars;
      return this;
    }

    public Builder indexVar(Optional<String> indexVar) {
      this.indexVar = indexVar;
      return this;
    }

    public Task build() {
      return new Task(name, position, module, arguments, when, register, changedWhen, failedWhen, until, retries, delay,
          loop, loopVar, ignoreErrors, tags, noLog, runOnce, delegateTo, timeout, vars, indexVar);
    }
  }
}
