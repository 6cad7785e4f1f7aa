package dev.orchestrate.core.executor;

import dev.orchestrate.core.graph.Vertex;

/**
 * Records each task before it touches a host and after it ends, synchronously: the walk goes on
 * only once the record is safe. The journal is one; a run without a journal ({@code run}) uses
 * {@link #NONE}.
 */
public interface Recorder {
  Recorder NONE = new Recorder() {
    @Override
    public void before(Vertex vertex, String title) {}

    @Override
    public void after(TaskOutcome outcome) {}
  };

  void before(Vertex vertex, String title);

  void after(TaskOutcome outcome);
}
