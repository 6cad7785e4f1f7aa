package dev.orchestrate.core.graph;

import static java.util.Objects.requireNonNull;

/**
 * One step of a run: a task on a node, or a gate where the walk stops to apply a play's failure
 * rules (every host done with a task, a batch, a play). Identified by a stable id — the same
 * inputs give the same ids — so plans, journals and reports can name it.
 *
 * @param phase index of the phase (a play of a procedure) in the graph
 * @param batch index of the {@code serial} batch within the phase
 * @param task index of the task within its play; for a gate, the task it closes (-1 for a batch or play gate)
 * @param node the node a task runs for; empty for a gate
 */
public record Vertex(String id, Kind kind, int phase, int batch, int task, String node) {
  /** What a vertex is. */
  public enum Kind {
    /** A task on one node. */
    TASK,
    /** Every host of a batch has finished a task (a linear play's barrier). */
    TASK_GATE,
    /** Every task of a batch is done. */
    BATCH_GATE
  }

  public Vertex {
    requireNonNull(id, "id");
    requireNonNull(kind, "kind");
    requireNonNull(node, "node");
    if (kind == Kind.TASK && node.isEmpty()) {
      throw new IllegalArgumentException("a task vertex needs a node");
    }
  }

  static Vertex task(int phase, int batch, int task, String node) {
    return new Vertex((phase + 1) + "." + (task + 1) + "." + node, Kind.TASK, phase, batch, task, node);
  }

  static Vertex taskGate(int phase, int batch, int task) {
    return new Vertex((phase + 1) + "." + (task + 1) + ".done-batch" + (batch + 1), Kind.TASK_GATE, phase, batch, task, "");
  }

  static Vertex batchGate(int phase, int batch) {
    return new Vertex((phase + 1) + ".batch" + (batch + 1) + ".done", Kind.BATCH_GATE, phase, batch, -1, "");
  }

  public boolean isTask() {
    return kind == Kind.TASK;
  }

  @Override
  public String toString() {
    return id;
  }
}
