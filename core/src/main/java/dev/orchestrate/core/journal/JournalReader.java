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

  /** A run as its journal tells it. */
  public record PastRun(String run, Map<String, Object> header, Set<String> done, Set<String> interrupted,
      List<Map<String, Object>> ends, Optional<String> finishStatus) {
    public PastRun {
      requireNonNull(run, "run");
      header = Map.copyOf(header);
      done = Set.copyOf(done);
      interrupted = Set.copyOf(interrupted);
      ends = List.copyOf(ends);
      requireNonNull(finishStatus, "finishStatus");
    }

    /** True when the run was cut off: no record says how it ended. */
    public boolean isUnfinished() {
      return finishStatus.isEmpty();
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

  /** The run {@code run} of this cluster, or empty when its journal is not there. */
  public static Optional<PastRun> read(Transport transport, ClusterState state, String run) {
    Optional<byte[]> content = transport.download(state.host(), state.journal(run), MAX_JOURNAL);
    return content.map(bytes -> parse(run, new String(bytes, StandardCharsets.UTF_8)));
  }

  static PastRun parse(String run, String text) {
    Map<String, Object> header = new LinkedHashMap<>();
    Set<String> started = new LinkedHashSet<>();
    Set<String> done = new LinkedHashSet<>();
    List<Map<String, Object>> ends = new ArrayList<>();
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
        }
        case "finish" -> finish = Optional.of(String.valueOf(record.get("status")));
        default -> { }
      }
    }
    return new PastRun(run, header, done, started, ends, finish);
  }
}
