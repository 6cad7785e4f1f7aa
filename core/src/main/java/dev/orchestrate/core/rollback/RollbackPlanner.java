package dev.orchestrate.core.rollback;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.diagnostic.SourcePosition;
import dev.orchestrate.core.journal.JournalReader;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.playbook.Play;
import dev.orchestrate.core.playbook.Playbook;
import dev.orchestrate.core.playbook.Task;
import dev.orchestrate.core.topology.Node;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.core.undo.BackupKept;
import dev.orchestrate.core.undo.ServiceWas;
import dev.orchestrate.core.undo.UndoRecord.Reach;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Turns the journal of a run into the playbook that undoes it — a playbook like any other, so the
 * rollback is planned, printed, journaled, resumable and reported exactly as an apply is:
 *
 * <ol>
 *   <li>stop, all at once, the nodes the run started (found not running before it: they stay
 *       stopped) and the nodes whose undo reaches the shared home or that did not run before;
 *   <li>undo those nodes' changes and every Synchrony the run started, newest first, one at a
 *       time: files restored from their backups, moves moved back, copies and created files set
 *       aside (never deleted);
 *   <li>start again, one at a time and each RUNNING before the next, the nodes that ran before
 *       the run (RUNNING or STARTING when the run first acted on them) and are not left to the
 *       next step;
 *   <li>one node at a time, each node that ran before and whose undo touches only its own files
 *       (the peers a node lists, its setenv.sh): stop it, undo its changes newest first, start it
 *       and wait for RUNNING, so the others keep the cluster serving;
 *   <li>verify: every attachment and shared-home file the run's backups listed has its checksum
 *       from before.
 * </ol>
 *
 * <p>Which nodes are stopped, and why. A node is never stopped only because the run stopped or
 * started it: a rolling restart's rollback stops nothing. It is stopped when the run started it
 * (it was not serving before, so it must not serve after: the nodes add-nodes added), or when an
 * undo changes files it reads: Confluence never runs on files being changed under it, which is
 * the rule every procedure keeps ({@code confluence.cfg.xml} of a running node is never edited).
 * A node whose only changes are its own files is stopped for just as long as its undo takes, one
 * node at a time — the way add-nodes updated the peers of the existing nodes — rather than with
 * the whole cluster. A move reaches the shared home, which every node reads; its node is stopped
 * with the others first, as in the procedures that moved it. A standalone Synchrony is stopped by
 * its own undo and stops no Confluence.
 *
 * <p>The order is deterministic, so a rollback cut off and started again gets the same graph and
 * skips what it did.
 */
public final class RollbackPlanner {

  private RollbackPlanner() {}

  public static Playbook plan(Topology topology, JournalReader.PastRun run) {
    return undo(topology, run).playbook();
  }

  /**
   * The playbook that undoes {@code run} ({@link #plan}), with what it does to each node in words
   * — which nodes it stops and why, each change it undoes, where it sets aside what it does not
   * put back, which nodes it starts again and in what order, what it checks — and the backups it
   * relies on.
   */
  public static RunUndo undo(Topology topology, JournalReader.PastRun run) {
    List<RecordedChange> changes = RecordedChange.of(run);
    checkNodes(topology, run, changes);
    Map<String, ServiceWas.State> before = firstStates(changes);
    Map<String, List<RecordedChange>> filesByNode = new LinkedHashMap<>();
    changes.stream().filter(c -> c.record().reach() == Reach.NODE || c.record().reach() == Reach.SHARED_HOME)
        .forEach(c -> filesByNode.computeIfAbsent(c.node(), n -> new ArrayList<>()).add(c));
    List<String> oneByOne = inOrder(topology, filesByNode.keySet()).stream()
        .filter(node -> before.containsKey(node) && before.get(node).ran())
        .filter(node -> filesByNode.get(node).stream().allMatch(c -> c.record().reach() == Reach.NODE))
        .toList();
    Set<String> stopFirst = new LinkedHashSet<>(filesByNode.keySet());
    before.forEach((node, was) -> {
      if (!was.ran()) {
        stopFirst.add(node);
      }
    });
    oneByOne.forEach(stopFirst::remove);

    List<Play> plays = new ArrayList<>();
    UndoSteps steps = new UndoSteps(run.run());
    List<String> startAgain = inOrder(topology, before.entrySet().stream()
        .filter(e -> e.getValue().ran() && !oneByOne.contains(e.getKey())).map(Map.Entry::getKey).toList());
    inOrder(topology, stopFirst).forEach(node -> steps.stopped(node, startAgain.contains(node)));
    oneByOne.forEach(steps::oneByOne);
    if (!stopFirst.isEmpty()) {
      plays.add(play("Stop the nodes the run started and those whose files are put back",
          String.join(":", inOrder(topology, stopFirst)), List.of(), List.of(service("stopped"))));
    }
    List<RecordedChange> newestFirst = new ArrayList<>(changes);
    Collections.reverse(newestFirst);
    for (RecordedChange change : newestFirst) {
      if (change.record().reach() != Reach.NOTHING && !oneByOne.contains(change.node())) {
        plays.add(play("Undo: " + change.task() + " (" + change.node() + ")", change.node(), List.of(),
            List.of(undo(change, run))));
      }
      if (change.record().reach() != Reach.NOTHING) {
        steps.undone(change.node(), change.record());
      }
    }
    steps.startedAgain(startAgain);
    if (!startAgain.isEmpty()) {
      plays.add(play("Start again the nodes that ran before, one at a time", String.join(":", startAgain),
          List.of("1"), List.of(service("started"))));
    }
    for (String node : oneByOne) {
      List<Task> tasks = new ArrayList<>(List.of(service("stopped")));
      newestFirst.stream().filter(c -> c.node().equals(node) && c.record().reach() == Reach.NODE)
          .forEach(c -> tasks.add(undo(c, run)));
      tasks.add(service("started"));
      // A node that does not come back stops the rollback before the next one is stopped.
      plays.add(play("Put back the files of " + node + " while it is stopped, then start it again", node, List.of(),
          true, tasks));
    }
    for (RecordedChange change : changes) {
      if (change.record() instanceof BackupKept backup) {
        plays.add(play("Verify against the backup " + backup.archive(), change.node(), List.of(),
            List.of(verify(backup))));
      }
      steps.relyOn(change.node(), change.record());
    }
    return new RunUndo(run.run(), new Playbook(Path.of("rollback-of-" + run.run() + ".yaml"), "rollback of "
        + run.run(), plays), steps.steps(), steps.backups());
  }

  private static void checkNodes(Topology topology, JournalReader.PastRun run, List<RecordedChange> changes) {
    for (RecordedChange change : changes) {
      if (topology.node(change.node()).isEmpty()) {
        throw new OrchestrateException(ExitCode.INVALID_INPUT, "run " + run.run() + " changed node " + change.node()
            + ", which this cluster.yaml does not list; roll back with the cluster.yaml that run applied");
      }
    }
  }

  /** What each node was when the run first started or stopped it. */
  private static Map<String, ServiceWas.State> firstStates(List<RecordedChange> changes) {
    Map<String, ServiceWas.State> before = new LinkedHashMap<>();
    for (RecordedChange change : changes) {
      if (change.record() instanceof ServiceWas service) {
        before.putIfAbsent(change.node(), service.was());
      }
    }
    return before;
  }

  private static List<String> inOrder(Topology topology, Collection<String> names) {
    return topology.nodes().stream().map(Node::name).filter(names::contains).toList();
  }

  private static Task undo(RecordedChange change, JournalReader.PastRun run) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("record", change.record().toJson());
    arguments.put("run", run.run());
    return Task.builder("Undo " + change.record().describe(), "undo").arguments(arguments).build();
  }

  private static Task service(String state) {
    boolean start = state.equals("started");
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("state", state);
    arguments.put("install_dir", "{{ node.installDir }}");
    arguments.put("local_home", "{{ node.localHome }}");
    arguments.put("status_url", "http://{{ node.host }}:{{ confluence.httpPort }}/status");
    arguments.put("control", "{{ confluence.control }}");
    arguments.put("unit", "{{ confluence.systemdUnit }}");
    arguments.put("timeout", "{{ confluence." + (start ? "startTimeout" : "stopTimeout") + " }}");
    return Task.builder(start ? "Start Confluence and wait for RUNNING" : "Stop Confluence", "confluence_service")
        .arguments(arguments).build();
  }

  /** The attachments and shared-home files the backup listed, checked against their checksums from before. */
  private static Task verify(BackupKept backup) {
    String script = "cd " + Shell.quote(backup.src()) + " && grep -E '^[0-9a-f]{64}  \\./"
        + "(attachments|shared-home|config)/' " + Shell.quote(backup.manifest())
        + " > /tmp/orchestrate-verify.$$ ; n=$(wc -l < /tmp/orchestrate-verify.$$); "
        + "sha256sum -c --quiet /tmp/orchestrate-verify.$$; rc=$?; rm -f /tmp/orchestrate-verify.$$; "
        + "echo \"$n files checked against " + backup.manifest().replace("\"", "") + "\"; exit $rc";
    return Task.builder("Check every attachment and shared-home file against its checksum from before", "shell")
        .arguments(Map.of(ModuleCall.FREE_FORM, script)).changedWhen(List.of(false)).build();
  }

  /** A play whose failure on one batch stops the rollback when it has batches ({@code serial}). */
  private static Play play(String name, String hosts, List<Object> serial, List<Task> tasks) {
    return play(name, hosts, serial, !serial.isEmpty(), tasks);
  }

  private static Play play(String name, String hosts, List<Object> serial, boolean anyErrorsFatal, List<Task> tasks) {
    return new Play(name, SourcePosition.START, hosts, serial, Map.of(), tasks, anyErrorsFatal, OptionalDouble.empty(),
        "linear");
  }
}
