package dev.orchestrate.core.rollback;

import dev.orchestrate.core.undo.BackupKept;
import dev.orchestrate.core.undo.RemoveCreated;
import dev.orchestrate.core.undo.RestoreFile;
import dev.orchestrate.core.undo.SetAside;
import dev.orchestrate.core.undo.UndoRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What undoing one run does to each node, in words, gathered while {@link RollbackPlanner} builds
 * the playbook, so the words say exactly what the plays do: which nodes stop and why, each change
 * undone, where whatever is not put back is set aside (never deleted: the undo module renames it
 * {@code PATH.orchestrate-rollback-RUN}), which nodes start again in what order, and what is
 * checked at the end. Also the backups the undo relies on, one entry each.
 */
final class UndoSteps {
  private final String run;
  private final List<RunUndo.Step> steps = new ArrayList<>();
  private final Map<String, BackupNeed> backups = new LinkedHashMap<>();

  UndoSteps(String run) {
    this.run = run;
  }

  void stopped(String node, boolean startsAgain) {
    add(node, startsAgain ? "stopped first, while the files it reads are put back"
        : "stopped first and left stopped: it was not running before run " + run, Optional.empty());
  }

  void oneByOne(String node) {
    add(node, "stopped on its own, its own files put back, then started again and waited for RUNNING, one node at a"
        + " time while the others serve", Optional.empty());
  }

  void undone(String node, UndoRecord record) {
    String aside = " aside as " + setAsideName(record) + " (nothing is deleted)";
    String text;
    Optional<String> backup = Optional.empty();
    if (record instanceof RestoreFile restore) {
      text = restore.describe();
      backup = Optional.of(restore.backup()).filter(path -> !path.isEmpty());
    } else if (record instanceof SetAside made) {
      text = "set " + (made.what() == SetAside.What.COPY ? "the copy " : "the created file ") + made.path() + aside;
    } else if (record instanceof RemoveCreated created) {
      text = "remove the created folder " + created.path() + " if it is empty; anything else there is set" + aside;
    } else {
      text = record.describe();
    }
    add(node, "undo run " + run + ": " + text, backup);
  }

  void startedAgain(List<String> nodes) {
    for (String node : nodes) {
      add(node, nodes.size() == 1 ? "started again after the undo, and waited for RUNNING"
          : "started again after the undo, one at a time in the order " + String.join(" → ", nodes)
          + ", each RUNNING before the next", Optional.empty());
    }
  }

  /** Notes a backup the undo reads; a verified archive also gets the check that ends the undo. */
  void relyOn(String node, UndoRecord record) {
    if (record instanceof BackupKept kept && need(BackupNeed.archive(run, node, kept))) {
      add(node, "check every attachment and shared-home file put back against the checksums in " + kept.manifest(),
          Optional.of(kept.archive()));
    } else if (record instanceof RestoreFile restore && !restore.backup().isEmpty()) {
      need(BackupNeed.copy(run, node, restore));
    }
  }

  List<RunUndo.Step> steps() {
    return List.copyOf(steps);
  }

  List<BackupNeed> backups() {
    return List.copyOf(backups.values());
  }

  private String setAsideName(UndoRecord record) {
    String path = record instanceof SetAside made ? made.path()
        : record instanceof RemoveCreated created ? created.path() : "";
    return path + ".orchestrate-rollback-" + run;
  }

  /** Whether {@code backup} is new here. */
  private boolean need(BackupNeed backup) {
    return backups.putIfAbsent(backup.where(), backup) == null;
  }

  private void add(String node, String text, Optional<String> backup) {
    steps.add(new RunUndo.Step(node, text, backup));
  }
}
