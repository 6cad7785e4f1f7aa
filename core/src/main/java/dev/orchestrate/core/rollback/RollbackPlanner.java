package dev.orchestrate.core.rollback;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.diagnostic.SourcePosition;
import dev.orchestrate.core.journal.JournalReader;
import dev.orchestrate.core.playbook.Play;
import dev.orchestrate.core.playbook.Playbook;
import dev.orchestrate.core.playbook.Task;
import dev.orchestrate.core.topology.Node;
import dev.orchestrate.core.topology.Topology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Turns the journal of a run into the playbook that undoes it — a playbook like any other, so the
 * rollback is planned, printed, journaled, resumable and reported exactly as an apply is:
 *
 * <ol>
 *   <li>stop every node the run started or stopped (nothing is put back under a running
 *       Confluence, and no second instance meets the database);
 *   <li>undo each change, newest first, one at a time: files restored from their backups, moves
 *       moved back, copies and created files set aside (never deleted);
 *   <li>start again, one at a time and each RUNNING before the next, the nodes that ran before
 *       the run;
 *   <li>verify: every attachment and shared-home file the run's backups listed has its checksum
 *       from before.
 * </ol>
 *
 * The order is deterministic, so a rollback cut off and started again gets the same graph and
 * skips what it did.
 */
public final class RollbackPlanner {

  private RollbackPlanner() {}

  public static Playbook plan(Topology topology, JournalReader.PastRun run) {
    Map<String, String> before = new LinkedHashMap<>();
    List<Map<String, Object>> changes = new ArrayList<>();
    List<Map<String, Object>> backups = new ArrayList<>();
    for (Map<String, Object> end : run.ends()) {
      String node = String.valueOf(end.get("node"));
      for (Map<String, Object> record : records(end.get("undo"))) {
        String kind = String.valueOf(record.get("kind"));
        switch (kind) {
          case "service" -> before.putIfAbsent(node, String.valueOf(record.get("was")));
          case "backup" -> backups.add(with(record, node, end));
          default -> changes.add(with(record, node, end));
        }
      }
    }
    for (String node : nodesOf(before.keySet(), changes, backups)) {
      if (topology.node(node).isEmpty()) {
        throw new OrchestrateException(ExitCode.INVALID_INPUT, "run " + run.run() + " changed node " + node
            + ", which this cluster.yaml does not list; roll back with the cluster.yaml that run applied");
      }
    }
    List<Play> plays = new ArrayList<>();
    if (!before.isEmpty()) {
      plays.add(play("Stop every node the run started or stopped", String.join(":", inOrder(topology, before.keySet())),
          List.of(), service("Stop Confluence", "stopped", "stopTimeout")));
    }
    List<Map<String, Object>> newestFirst = new ArrayList<>(changes);
    Collections.reverse(newestFirst);
    for (Map<String, Object> change : newestFirst) {
      String node = String.valueOf(change.get("_node"));
      Map<String, Object> arguments = new LinkedHashMap<>();
      arguments.put("record", strip(change));
      arguments.put("run", run.run());
      plays.add(play("Undo: " + change.get("_task") + " (" + node + ")", node, List.of(),
          task("Undo " + describe(change), "undo", arguments)));
    }
    List<String> running = inOrder(topology, before.entrySet().stream().filter(e -> e.getValue().equals("running"))
        .map(Map.Entry::getKey).toList());
    if (!running.isEmpty()) {
      plays.add(play("Start again the nodes that ran before, one at a time", String.join(":", running), List.of("1"),
          service("Start Confluence and wait for RUNNING", "started", "startTimeout")));
    }
    for (Map<String, Object> backup : backups) {
      plays.add(play("Verify against the backup " + backup.get("archive"), String.valueOf(backup.get("_node")), List.of(),
          verify(backup)));
    }
    return new Playbook(Path.of("rollback-of-" + run.run() + ".yaml"), "rollback of " + run.run(), plays);
  }

  private static List<Map<String, Object>> records(Object undo) {
    if (!(undo instanceof Map<?, ?> map) || map.isEmpty()) {
      return List.of();
    }
    if (map.get("items") instanceof List<?> items) {
      List<Map<String, Object>> all = new ArrayList<>();
      items.forEach(item -> all.addAll(records(item)));
      return all;
    }
    Map<String, Object> record = new LinkedHashMap<>();
    map.forEach((k, v) -> record.put(String.valueOf(k), v));
    return List.of(record);
  }

  private static Map<String, Object> with(Map<String, Object> record, String node, Map<String, Object> end) {
    Map<String, Object> copy = new LinkedHashMap<>(record);
    copy.put("_node", node);
    copy.put("_task", String.valueOf(end.get("task")));
    return copy;
  }

  private static Map<String, Object> strip(Map<String, Object> record) {
    Map<String, Object> copy = new LinkedHashMap<>(record);
    copy.remove("_node");
    copy.remove("_task");
    return copy;
  }

  private static String describe(Map<String, Object> change) {
    return switch (String.valueOf(change.get("kind"))) {
      case "restore_file" -> "restore " + change.get("path");
      case "move" -> "move back " + change.get("dest") + " to " + change.get("src");
      case "remove_copy" -> "set the copy " + change.get("path") + " aside";
      default -> String.valueOf(change.get("kind")).replace('_', ' ') + " " + change.getOrDefault("path", "");
    };
  }

  private static List<String> nodesOf(java.util.Collection<String> services, List<Map<String, Object>> changes,
      List<Map<String, Object>> backups) {
    List<String> nodes = new ArrayList<>(services);
    changes.forEach(c -> nodes.add(String.valueOf(c.get("_node"))));
    backups.forEach(b -> nodes.add(String.valueOf(b.get("_node"))));
    return nodes.stream().distinct().toList();
  }

  private static List<String> inOrder(Topology topology, java.util.Collection<String> names) {
    return topology.nodes().stream().map(Node::name).filter(names::contains).toList();
  }

  private static Task service(String title, String state, String timeout) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("state", state);
    arguments.put("install_dir", "{{ node.installDir }}");
    arguments.put("local_home", "{{ node.localHome }}");
    arguments.put("status_url", "http://{{ node.host }}:{{ confluence.httpPort }}/status");
    arguments.put("control", "{{ confluence.control }}");
    arguments.put("unit", "{{ confluence.systemdUnit }}");
    arguments.put("timeout", "{{ confluence." + timeout + " }}");
    return task(title, "confluence_service", arguments);
  }

  /** The attachments and shared-home files the backup listed, checked against their checksums from before. */
  private static Task verify(Map<String, Object> backup) {
    String manifest = String.valueOf(backup.getOrDefault("manifest", ""));
    String src = String.valueOf(backup.getOrDefault("src", ""));
    String script = "cd " + dev.orchestrate.core.transport.Shell.quote(src) + " && grep -E '^[0-9a-f]{64}  \\./"
        + "(attachments|shared-home|config)/' " + dev.orchestrate.core.transport.Shell.quote(manifest)
        + " > /tmp/orchestrate-verify.$$ ; n=$(wc -l < /tmp/orchestrate-verify.$$); "
        + "sha256sum -c --quiet /tmp/orchestrate-verify.$$; rc=$?; rm -f /tmp/orchestrate-verify.$$; "
        + "echo \"$n files checked against " + manifest.replace("\"", "") + "\"; exit $rc";
    return task("Check every attachment and shared-home file against its checksum from before", "shell",
        Map.of(dev.orchestrate.core.module.ModuleCall.FREE_FORM, script), List.of(false));
  }

  private static Task task(String title, String module, Map<String, Object> arguments) {
    return task(title, module, arguments, List.of());
  }

  private static Task task(String title, String module, Map<String, Object> arguments, List<Object> changedWhen) {
    return new Task(title, SourcePosition.START, module, arguments, List.of(), Optional.empty(), changedWhen, List.of(),
        List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, List.of(), false, false,
        Optional.empty(), Optional.empty(), Map.of());
  }

  private static Play play(String name, String hosts, List<Object> serial, Task task) {
    return new Play(name, SourcePosition.START, hosts, serial, Map.of(), List.of(task), !serial.isEmpty(),
        OptionalDouble.empty(), "linear");
  }
}
