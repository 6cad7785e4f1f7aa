package dev.orchestrate.core.executor;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.graph.Vertex;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one task ended on one node.
 *
 * @param result what the task registered ({@code rc}, {@code stdout}, ...); for a {@code no_log}
 *     task only {@code changed} and {@code failed}
 * @param undo what rollback needs to put things back, from the module; never a secret
 */
public record TaskOutcome(Vertex vertex, String title, Status status, String message, Map<String, Object> result,
    Map<String, Object> undo, Duration elapsed) {
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
    undo = Collections.unmodifiableMap(new LinkedHashMap<>(undo));
    requireNonNull(elapsed, "elapsed");
  }

  public String node() {
    return vertex.node();
  }
}
