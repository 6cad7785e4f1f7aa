package dev.orchestrate.core.journal;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.core.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads back the cluster's last run from its journal. */
public final class JournalReader {
  private static final int MAX_JOURNAL = 64 << 20;

  private JournalReader() {}

  /**
   * A run as its journal tells it.
   *
   * @param changes every {@code intent} and {@code end} record, in the order the journal holds
   *     them: what a rollback undoes, including what a task killed mid-way or failed part-way
   *     meant to change, and what an attempt before a resume changed
   */
  public record PastRun(String run, Map<String, Object> header, Set<String> done, Set<String> interrupted,
      List<Map<String, Object>> ends, Optional<String> finishStatus, List<Map<String, Object>> changes) {
    public PastRun {
      requireNonNull(run, "run");
      header = Map.copyOf(header);
      done = Set.copyOf(done);
      interrupted = Set.copyOf(interrupted);
      ends = List.copyOf(ends);
      requireNonNull(finishStatus, "finishStatus");
      changes = List.copyOf(changes);
    }

    /** A run whose changes are its end records only, as a journal without intents tells it. */
    public PastRun(String run, Map<String, Object> header, Set<String> done, Set<String> interrupted,
        List<Map<String, Object>> ends, Optional<String> finishStatus) {
      this(run, header, done, interrupted, ends, finishStatus, ends);
    }

    /** True when the run was cut off: no record says how it ended. */
    public boolean isUnfinished() {
      return finishStatus.isEmpty();
    }

    /** {@code apply} or {@code rollback}, as its header says. */
    public String command() {
      return String.valueOf(header.get("command"));
    }

    public boolean succeeded() {
      return finishStatus.filter("succeeded"::equals).isPresent();
    }

    /**
     * True when a task of the run may have changed a host: one ended changed or left an undo
     * record, or one was cut off before its end. A run that changed nothing has nothing to resume.
     */
    public boolean mayHaveChanged() {
      return !interrupted.isEmpty() || ends.stream().anyMatch(end -> "changed".equals(end.get("status"))
          || end.get("undo") instanceof java.util.Collection<?> list && !list.isEmpty()
          || end.get("undo") instanceof Map<?, ?> map && !map.isEmpty());
    }

    /** What the done tasks registered, by vertex id, as their end records kept it ({@link Journal#keepingResultsOf}). */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> registered() {
      Map<String, Map<String, Object>> registered = new LinkedHashMap<>();
      for (Map<String, Object> end : ends) {
        String vertex = String.valueOf(end.get("vertex"));
        if (done.contains(vertex) && end.get("registered") instanceof Map<?, ?> result) {
          registered.put(vertex, (Map<String, Object>) result);
        }
      }
      return registered;
    }
  }

  /** The cluster's last run, or empty when no run has been journaled there. */
  public static Optional<PastRun> last(Transport transport, ClusterState state) {
    CommandResult pointer = transport.run(state.host(), Command.of("cat " + Shell.quote(state.lastRun().value())
        + " 2>/dev/null || true"));
    String run = pointer.stdout().strip();
    if (run.isEmpty()) {
      return Optional.empty();
    }
    return read(transport, state, run);
  }

  /**
   * A run's journal as read, with the SHA-256 of its bytes: a rollback plan keeps the digest to
   * tell, before it runs, whether the journal it was compiled from changed since.
   */
  public record Journaled(PastRun run, String sha256) {
    public Journaled {
      requireNonNull(run, "run");
      requireNonNull(sha256, "sha256");
    }
  }

  /** The run {@code run} of this cluster, or empty when its journal is not there. */
  public static Optional<PastRun> read(Transport transport, ClusterState state, String run) {
    return readDigested(transport, state, run).map(Journaled::run);
  }

  /** As {@link #read}, with the digest of the bytes the run was read from. */
  public static Optional<Journaled> readDigested(Transport transport, ClusterState state, String run) {
    Optional<byte[]> content = transport.download(state.host(), state.journal(run), MAX_JOURNAL);
    return content.map(bytes -> new Journaled(parse(run, new String(bytes, StandardCharsets.UTF_8)), Journal.sha256(bytes)));
  }


  static PastRun parse(String run, String text) {
    Map<String, Object> header = new LinkedHashMap<>();
    Set<String> started = new LinkedHashSet<>();
    Set<String> done = new LinkedHashSet<>();
    List<Map<String, Object>> ends = new ArrayList<>();
    List<Map<String, Object>> changes = new ArrayList<>();
    Optional<String> finish = Optional.empty();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      Map<String, Object> record;
      try {
        record = Json.read(line);
      } catch (IllegalArgumentException e) {
        // A line cut off by a kill in mid-write: everything before it stands.
        continue;
      }
      switch (String.valueOf(record.get("type"))) {
        case "run" -> header.putAll(record);
        case "resume" -> finish = Optional.empty();
        case "start" -> started.add(String.valueOf(record.get("vertex")));
        case "end" -> {
          String vertex = String.valueOf(record.get("vertex"));
          started.remove(vertex);
          String status = String.valueOf(record.get("status"));
          if (!status.equals("failed") && !status.equals("unreachable") && !status.equals("not_run")) {
            done.add(vertex);
          }
          ends.add(record);
          changes.add(record);
        }
        case "intent" -> changes.add(record);
        case "finish" -> finish = Optional.of(String.valueOf(record.get("status")));
        default -> { }
      }
    }
    return new PastRun(run, header, done, started, ends, finish, changes);
  }
}
