package dev.orchestrate.core.module;

import java.util.Set;

/**
 * One kind of step a task can take: {@code command}, {@code lineinfile}, {@code sync}. A module
 * receives its arguments already rendered, decides from what the host shows what must change,
 * makes the change through {@link ModuleCall} (never opening a connection itself), and says what
 * it did in a {@link ModuleResult}, including what its undo will need.
 *
 * <p>In check mode ({@link ModuleCall#checkMode()}) a module reads but never writes, and reports
 * whether it would have changed something.
 */
public interface Module {
  /** The short name playbooks use, e.g. {@code lineinfile}. */
  String name();

  /**
   * The argument keys this module accepts; a task using any other is refused before any host
   * is touched. Modules that take a free-form line ({@code command: ls -l}) see it as {@link
   * ModuleCall#FREE_FORM}.
   */
  Set<String> arguments();

  /** The argument keys that must be present. */
  default Set<String> requiredArguments() {
    return Set.of();
  }

  /** Whether the module takes a free-form string as its value ({@code shell: echo hi}). */
  default boolean acceptsFreeForm() {
    return false;
  }

  /** Whether it runs on the controller only and never touches the host (debug, set_fact, fail). */
  default boolean controllerOnly() {
    return false;
  }

  /**
   * Whether running the module again after a dropped connection is safe: it checks what is there
   * before it changes anything, so a second run finishes the first or finds it done. Commands,
   * shells and HTTP requests are not: they may have done their work once already.
   */
  default boolean safeToRerun() {
    return false;
  }

  ModuleResult execute(ModuleCall call);
}
