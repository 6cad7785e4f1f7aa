package dev.orchestrate.core.graph;

import dev.orchestrate.core.playbook.Task;

/** What can be known of a task's {@code when} before the run starts. */
@FunctionalInterface
public interface StaticConditions {
  /** Nothing is known: every vertex stays, every condition is decided as its task runs. */
  StaticConditions NONE = (task, node) -> true;

  /** False only when {@code task}'s conditions are certain to be false on {@code node}. */
  boolean mayRun(Task task, String node);
}
