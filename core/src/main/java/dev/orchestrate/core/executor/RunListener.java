package dev.orchestrate.core.executor;

import dev.orchestrate.core.graph.Phase;
import dev.orchestrate.core.graph.Vertex;

/**
 * What a walk tells the outside while it runs: the console view, JSON events, reports. Called
 * from the walk's threads; implementations must be thread-safe and quick.
 */
public interface RunListener {
  RunListener NONE = new RunListener() {};

  default void phaseStarted(Phase phase) {}

  default void taskStarted(Vertex vertex, String title) {}

  /** A running task's news: a wait's state, a copy's progress. */
  default void taskProgress(Vertex vertex, String message) {}

  default void taskFinished(TaskOutcome outcome) {}

  /** The walk stops early; {@code why} says which rule stopped it. */
  default void stopped(String why) {}

  /** Every listener of {@code listeners}, in order. */
  static RunListener all(java.util.List<RunListener> listeners) {
    java.util.List<RunListener> copy = java.util.List.copyOf(listeners);
    return new RunListener() {
      @Override
      public void phaseStarted(Phase phase) {
        copy.forEach(l -> l.phaseStarted(phase));
      }

      @Override
      public void taskStarted(Vertex vertex, String title) {
        copy.forEach(l -> l.taskStarted(vertex, title));
      }

      @Override
      public void taskProgress(Vertex vertex, String message) {
        copy.forEach(l -> l.taskProgress(vertex, message));
      }

      @Override
      public void taskFinished(TaskOutcome outcome) {
        copy.forEach(l -> l.taskFinished(outcome));
      }

      @Override
      public void stopped(String why) {
        copy.forEach(l -> l.stopped(why));
      }
    };
  }
}
