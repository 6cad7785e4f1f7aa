package dev.orchestrate.core.executor;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.graph.Vertex;
import dev.orchestrate.core.undo.UndoRecord;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one task ended on one node.
 *
 * @param result what the task registered ({@code rc}, {@code stdout}, ...); for a {@code no_log}
 *     task only {@code changed} and {@code failed}
 * @param undo what rollback needs to put back everything the task changed, in the order it was
 *     recorded: every loop item's and every attempt's, kept whether the task succeeded or failed
 *     part-way; never a secret
 */
public record TaskOutcome(Vertex vertex, String title, Status status, String message, Map<String, Object> result,
    List<UndoRecord> undo, Duration elapsed) {
  /** The ends a task can come to, in Ansible's words. */
  public enum Status {
    OK, CHANGED, SKIPPED, FAILED,
    /** Failed, but {@code ignore_errors} let the node go on. */
    IGNORED,
    UNREACHABLE,
    /** Never started: its node had failed before, or the run stopped. */
    NOT_RUN;

    public boolean isFailure() {
      return this == FAILED || this == UNREACHABLE;
    }

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
  }

  public TaskOutcome {
    requireNonNull(vertex, "vertex");
    requireNonNull(title, "title");
    requireNonNull(status, "status");
    message = message == null ? "" : message;
    result = Collections.unmodifiableMap(new LinkedHashMap<>(result));
    undo = List.copyOf(undo);
    requireNonNull(elapsed, "elapsed");
  }

  public String node() {
    return vertex.node();
  }
}
