package dev.orchestrate.core.rollback;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.playbook.Playbook;
import java.util.List;
import java.util.Optional;

/**
 * What undoing one run does, worked out from its journal ({@link RollbackPlanner#undo}): the
 * playbook that undoes it, the same in words node by node for the plan a person reviews, and the
 * backups it relies on, which the plan reads from the hosts.
 */
public record RunUndo(String run, Playbook playbook, List<Step> steps, List<BackupNeed> backups) {
  /**
   * One thing the undo does to a node, in words.
   *
   * @param backup the backup it reads ({@link BackupNeed#path}), whose size and checksums the plan
   *     adds once it has read them from the host
   */
  public record Step(String node, String text, Optional<String> backup) {
    public Step {
      requireNonNull(node, "node");
      requireNonNull(text, "text");
      requireNonNull(backup, "backup");
    }
  }

  public RunUndo {
    requireNonNull(run, "run");
    requireNonNull(playbook, "playbook");
    steps = List.copyOf(steps);
    backups = List.copyOf(backups);
  }
}
