package dev.orchestrate.core.executor;

import dev.orchestrate.core.graph.Vertex;
import dev.orchestrate.core.undo.UndoRecord;
import dev.orchestrate.core.undo.UndoRecords;
import java.util.ArrayList;
import java.util.List;

/**
 * Every undo record of one task run as it comes: each intent, journaled before the module goes
 * on, and the records of each module result, loop item and attempt alike.
 */
final class TaskUndo {
  private final Recorder recorder;
  private final Vertex vertex;
  private final String title;
  private final List<UndoRecord> records = new ArrayList<>();

  TaskUndo(Recorder recorder, Vertex vertex, String title) {
    this.recorder = recorder;
    this.vertex = vertex;
    this.title = title;
  }

  void intend(UndoRecord record) {
    recorder.intend(vertex, title, record);
    add(List.of(record));
  }

  synchronized void add(List<UndoRecord> more) {
    records.addAll(more);
  }

  synchronized List<UndoRecord> records() {
    return UndoRecords.merge(records);
  }
}
