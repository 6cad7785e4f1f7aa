package dev.orchestrate.core.executor;

import dev.orchestrate.core.graph.Vertex;
import dev.orchestrate.core.undo.UndoRecord;

/**
 * Records each task before it touches a host, what it is about to change before it changes it,
 * and how it ended, synchronously: the walk goes on only once the record is safe. The journal is
 * one; a run without a journal ({@code run}) uses {@link #NONE}.
 */
public interface Recorder {
  Recorder NONE = new Recorder() {
    @Override
    public void before(Vertex vertex, String title) {}

    @Override
    public void intend(Vertex vertex, String title, UndoRecord record) {}

    @Override
    public void after(TaskOutcome outcome) {}
  };

  void before(Vertex vertex, String title);

  /**
   * The task of {@code vertex} is about to make the change {@code record} undoes; it makes it only
   * once this returns. A run killed meanwhile leaves the intent as the only record of the change.
   */
  void intend(Vertex vertex, String title, UndoRecord record);

  /** How the task ended, with every record of what it changed ({@link TaskOutcome#undo()}). */
  void after(TaskOutcome outcome);
}
