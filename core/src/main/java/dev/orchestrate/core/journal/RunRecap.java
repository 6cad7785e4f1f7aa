package dev.orchestrate.core.journal;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One run of the chain as {@code rollback --list} shows it: what it was, when, how it ended, and
 * what a rollback would undo of it — its undo records counted by kind, and the nodes it changed.
 */
public record RunRecap(String run, String command, String started, String ended, Map<String, Integer> undoByKind,
    List<String> nodes) {
  public RunRecap {
    requireNonNull(run, "run");
    undoByKind = Map.copyOf(undoByKind);
    nodes = List.copyOf(nodes);
  }

  public static RunRecap of(JournalReader.PastRun run) {
    Map<String, Integer> kinds = new TreeMap<>();
    TreeSet<String> nodes = new TreeSet<>();
    for (Map<String, Object> end : run.ends()) {
      List<Map<?, ?>> records = records(end.get("undo"));
      records.forEach(record -> kinds.merge(String.valueOf(record.get("kind")), 1, Integer::sum));
      if (!records.isEmpty() || "changed".equals(end.get("status"))) {
        nodes.add(String.valueOf(end.get("node")));
      }
    }
    String ended = run.finishStatus().orElse(run.interrupted().isEmpty() ? "cut off" : "cut off during "
        + String.join(", ", run.interrupted()));
    return new RunRecap(run.run(), run.command(), String.valueOf(run.header().getOrDefault("started", "?")), ended, kinds,
        List.copyOf(nodes));
  }

  /** {@code 3 restore_file, 2 move on node1, node2}, or that it changed nothing. */
  public String changes() {
    if (undoByKind.isEmpty()) {
      return nodes.isEmpty() ? "changed nothing" : "changed " + String.join(", ", nodes) + ", with nothing to undo";
    }
    List<String> counts = new ArrayList<>();
    undoByKind.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> counts.add(e.getValue() + " " + e.getKey()));
    return "undo records: " + String.join(", ", counts) + "; nodes: " + String.join(", ", nodes);
  }

  /** An end record's undo: one record, a list of them, or a loop's {@code items}; flattened. */
  private static List<Map<?, ?>> records(Object undo) {
    List<Map<?, ?>> flat = new ArrayList<>();
    if (undo instanceof List<?> list) {
      list.forEach(item -> flat.addAll(records(item)));
    } else if (undo instanceof Map<?, ?> map && map.get("items") instanceof List<?> items) {
      items.forEach(item -> flat.addAll(records(item)));
    } else if (undo instanceof Map<?, ?> map && !map.isEmpty()) {
      flat.add(map);
    }
    return flat;
  }
}
