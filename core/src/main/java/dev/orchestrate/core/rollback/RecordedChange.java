package dev.orchestrate.core.rollback;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.journal.JournalReader;
import dev.orchestrate.core.undo.UndoRecord;
import dev.orchestrate.core.undo.UndoRecords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One undo record of a past run, with the node and task that recorded it.
 *
 * <p>A task's records are its intents and its end record's, merged ({@link UndoRecords#merge}):
 * a task killed before its end still has its intents; one that failed part-way, or whose first
 * attempt was cut off and rerun by a resume, has every attempt's. Tasks come in the order the
 * journal first mentions a change of theirs, which is the order the changes were made in.
 */
record RecordedChange(String node, String task, UndoRecord record) {
  RecordedChange {
    requireNonNull(node, "node");
    requireNonNull(task, "task");
    requireNonNull(record, "record");
  }

  static List<RecordedChange> of(JournalReader.PastRun run) {
    Map<String, Task> tasks = new LinkedHashMap<>();
    for (Map<String, Object> line : run.changes()) {
      String vertex = String.valueOf(line.get("vertex"));
      Task task = tasks.computeIfAbsent(vertex, v -> new Task(String.valueOf(line.get("node")), v));
      if (line.get("task") != null) {
        task.title = String.valueOf(line.get("task"));
      }
      try {
        task.records.addAll(UndoRecords.read(line.get("undo")));
      } catch (IllegalArgumentException e) {
        throw new OrchestrateException(ExitCode.INVALID_INPUT, "the journal of run " + run.run() + " holds an undo"
            + " record this orchestrate cannot read, for " + vertex + ": " + e.getMessage());
      }
    }
    List<RecordedChange> changes = new ArrayList<>();
    tasks.values().forEach(task -> UndoRecords.merge(task.records)
        .forEach(record -> changes.add(new RecordedChange(task.node, task.title, record))));
    return changes;
  }

  private static final class Task {
    private final String node;
    private final List<UndoRecord> records = new ArrayList<>();
    /** The task's name as its records give it; its vertex id until one does. */
    private String title;

    Task(String node, String title) {
      this.node = node;
      this.title = title;
    }
  }
}
