package dev.orchestrate.core.graph;

import com.google.common.graph.GraphBuilder;
import com.google.common.graph.ImmutableGraph;
import dev.orchestrate.core.diagnostic.Diagnostics;
import dev.orchestrate.core.diagnostic.InvalidFileException;
import dev.orchestrate.core.playbook.Inventory;
import dev.orchestrate.core.playbook.Play;
import dev.orchestrate.core.playbook.Playbook;
import dev.orchestrate.core.playbook.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link TaskGraph} from plays, in the order they are added. The edges say what Ansible
 * guarantees, so a playbook keeps its meaning:
 *
 * <ol>
 *   <li>plays run one after another: every vertex of a play follows the previous play's last gate;
 *   <li>{@code serial} batches run one after another, each behind the previous batch's gate —
 *       this is what makes "node N+1 starts only after node N is RUNNING" hold in a play with
 *       {@code serial: 1} whose last task waits for RUNNING;
 *   <li>within a batch, a node's tasks run in order;
 *   <li>in a {@code linear} play (the default) a gate after each task holds every node of the
 *       batch until all have finished it; a {@code free} play lets each node run on;
 *   <li>a {@code run_once} task has one vertex, on the batch's first node.
 * </ol>
 *
 * Gates carry the failure rules ({@code any_errors_fatal}, {@code max_fail_percentage}, a batch
 * that failed whole); they cost nothing to run, and keep the edge count linear in the number of
 * nodes where a full barrier would be quadratic.
 */
public final class TaskGraphBuilder {
  private final Inventory inventory;
  private final List<Phase> phases = new ArrayList<>();
  private final Map<String, List<String>> reasons = new LinkedHashMap<>();
  private final com.google.common.graph.MutableGraph<Vertex> graph =
      GraphBuilder.directed().allowsSelfLoops(false).build();
  private final List<Vertex> order = new ArrayList<>();
  private Vertex lastGate;
  private java.util.Optional<java.util.Set<String>> limit = java.util.Optional.empty();
  private StaticConditions conditions = StaticConditions.NONE;

  private TaskGraphBuilder(Inventory inventory) {
    this.inventory = inventory;
  }

  public static TaskGraphBuilder on(Inventory inventory) {
    return new TaskGraphBuilder(inventory);
  }

  /**
   * Runs plays only on these nodes, as Ansible's {@code --limit}: a play's hosts are its pattern's
   * nodes that are also in {@code nodes}. Null or empty means no limit.
   *
   * @throws OrchestrateException (exit 4) naming a node the inventory does not have
   */
  public TaskGraphBuilder limit(java.util.Collection<String> nodes) {
    if (nodes == null || nodes.isEmpty()) {
      return this;
    }
    for (String node : nodes) {
      if (!inventory.nodes().contains(node)) {
        throw new dev.orchestrate.core.OrchestrateException(dev.orchestrate.core.ExitCode.INVALID_INPUT,
            "--limit names '" + node + "', which is not a node of the topology; nodes: " + String.join(", ", inventory.nodes()));
      }
    }
    limit = java.util.Optional.of(java.util.Set.copyOf(nodes));
    return this;
  }

  /**
   * Leaves out the vertices whose {@code when} is already known to be false: conditions on the
   * topology, the facts and the groups, which no task of the run can change. The plan then shows
   * only what will happen; conditions on results still to come are decided as the task runs.
   */
  public TaskGraphBuilder skipping(StaticConditions known) {
    this.conditions = java.util.Objects.requireNonNull(known, "known");
    return this;
  }

  /** Adds every play of {@code playbook}, each after the one before. */
  public TaskGraphBuilder add(Playbook playbook, String why) {
    for (Play play : playbook.plays()) {
      add(playbook, play, why);
    }
    return this;
  }

  /**
   * Adds one play after everything added so far.
   *
   * @throws InvalidFileException naming the play's line when its {@code hosts} names an unknown
   *     node or group
   */
  public TaskGraphBuilder add(Playbook playbook, Play play, String why) {
    List<String> hosts;
    try {
      hosts = inventory.select(play.hosts());
    } catch (IllegalArgumentException e) {
      Diagnostics diagnostics = new Diagnostics(playbook.source().toString());
      diagnostics.error(play.position(), "hosts '" + play.hosts() + "': " + e.getMessage());
      throw new InvalidFileException(diagnostics.sorted());
    }
    if (limit.isPresent()) {
      hosts = hosts.stream().filter(limit.get()::contains).toList();
    }
    if (hosts.isEmpty() || play.tasks().isEmpty()) {
      return this;
    }
    int phase = phases.size();
    List<List<String>> batches = play.batches(hosts);
    phases.add(new Phase(phase, playbook, play, hosts, batches, why));
    for (int b = 0; b < batches.size(); b++) {
      addBatch(play, phase, b, batches.get(b));
    }
    return this;
  }

  /** Notes what will change on {@code node} and why, for the plan. */
  public TaskGraphBuilder reason(String node, String text) {
    reasons.computeIfAbsent(node, n -> new ArrayList<>()).add(text);
    return this;
  }

  public TaskGraph build() {
    Map<String, List<String>> frozen = new LinkedHashMap<>();
    reasons.forEach((node, texts) -> frozen.put(node, List.copyOf(texts)));
    return new TaskGraph(phases, ImmutableGraph.copyOf(graph), order, frozen);
  }

  private void addBatch(Play play, int phase, int batch, List<String> nodes) {
    List<Vertex> previous = lastGate == null ? List.of() : List.of(lastGate);
    Map<String, Vertex> lastOfNode = new LinkedHashMap<>();
    List<Task> tasks = play.tasks();
    for (int t = 0; t < tasks.size(); t++) {
      Task task = tasks.get(t);
      boolean barrier = play.isLinear() || task.runOnce();
      List<String> runsOn = task.runOnce() ? nodes.subList(0, 1) : nodes;
      // In a free play a run_once task is a barrier too: it waits for every node's tasks so far.
      List<Vertex> running = barrier ? List.copyOf(lastOfNode.values()) : List.of();
      List<Vertex> current = new ArrayList<>();
      for (String node : runsOn) {
        if (!conditions.mayRun(task, node)) {
          continue;
        }
        Vertex vertex = vertex(Vertex.task(phase, batch, t, node));
        Vertex before = barrier ? null : lastOfNode.get(node);
        if (before != null) {
          graph.putEdge(before, vertex);
        } else {
          previous.forEach(p -> graph.putEdge(p, vertex));
          running.forEach(r -> graph.putEdge(r, vertex));
        }
        lastOfNode.put(node, vertex);
        current.add(vertex);
      }
      if (barrier && !current.isEmpty()) {
        Vertex gate = vertex(Vertex.taskGate(phase, batch, t));
        current.forEach(v -> graph.putEdge(v, gate));
        previous = List.of(gate);
        lastOfNode.clear();
      }
    }
    Vertex end = vertex(Vertex.batchGate(phase, batch));
    previous.forEach(p -> graph.putEdge(p, end));
    lastOfNode.values().forEach(v -> graph.putEdge(v, end));
    lastGate = end;
  }

  private Vertex vertex(Vertex vertex) {
    graph.addNode(vertex);
    order.add(vertex);
    return vertex;
  }
}
