package dev.orchestrate.core.plan;

import dev.orchestrate.core.graph.Phase;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.graph.Vertex;
import dev.orchestrate.core.playbook.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What every form of a plan shows alike, worked out once: the nodes in one fixed order (which also
 * fixes their colours in pictures), each phase's tasks with the nodes they run on, and the reasons
 * per node in that order, since the graph keeps them in a map without one.
 */
final class PlanOutline {
  /** ColorBrewer's Set3: pale enough for black text, and told apart at a glance. */
  private static final List<String> PALETTE = List.of("#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3",
      "#fdb462", "#b3de69", "#fccde5", "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f");

  /** A task of a phase and every node it runs on, across the phase's batches. */
  record Step(Phase phase, int index, Task task, List<String> nodes) {
    Step {
      nodes = List.copyOf(nodes);
    }

    /** How text and pictures number it: phase and task, counted from 1, as in the vertex ids. */
    String number() {
      return (phase.index() + 1) + "." + (index + 1);
    }
  }

  private final Plan plan;
  private final List<String> nodes;
  private final int nodesWithTasks;
  private final Map<Integer, List<Step>> steps;

  private PlanOutline(Plan plan, List<String> nodes, int nodesWithTasks, Map<Integer, List<Step>> steps) {
    this.plan = plan;
    this.nodes = nodes;
    this.nodesWithTasks = nodesWithTasks;
    this.steps = steps;
  }

  static PlanOutline of(Plan plan) {
    TaskGraph graph = plan.graph();
    Set<String> nodes = new LinkedHashSet<>();
    graph.phases().forEach(phase -> nodes.addAll(phase.hosts()));
    graph.reasons().keySet().stream().sorted().forEach(nodes::add);
    Set<String> nodesWithTasks = new LinkedHashSet<>();
    Map<Integer, Map<Integer, Set<String>>> grouped = new TreeMap<>();
    for (Vertex vertex : graph.tasks()) {
      nodesWithTasks.add(vertex.node());
      grouped.computeIfAbsent(vertex.phase(), p -> new TreeMap<>())
          .computeIfAbsent(vertex.task(), t -> new LinkedHashSet<>())
          .add(vertex.node());
    }
    Map<Integer, List<Step>> steps = new LinkedHashMap<>();
    grouped.forEach((phaseIndex, tasks) -> {
      Phase phase = graph.phases().get(phaseIndex);
      List<Step> list = new ArrayList<>();
      tasks.forEach((task, on) -> list.add(new Step(phase, task, phase.play().tasks().get(task), List.copyOf(on))));
      steps.put(phaseIndex, List.copyOf(list));
    });
    return new PlanOutline(plan, List.copyOf(nodes), nodesWithTasks.size(), steps);
  }

  Plan plan() {
    return plan;
  }

  /** Every node the plan names, phase by phase in host order, then nodes that only have reasons. */
  List<String> nodes() {
    return nodes;
  }

  List<Step> steps(Phase phase) {
    return steps.getOrDefault(phase.index(), List.of());
  }

  /** The reasons per node, in {@link #nodes()} order. */
  Map<String, List<String>> reasons() {
    Map<String, List<String>> ordered = new LinkedHashMap<>();
    for (String node : nodes) {
      List<String> texts = plan.graph().reasons().getOrDefault(node, List.of());
      if (!texts.isEmpty()) {
        ordered.put(node, texts);
      }
    }
    return ordered;
  }

  String colour(String node) {
    int index = nodes.indexOf(node);
    return PALETTE.get(Math.max(index, 0) % PALETTE.size());
  }

  /** The one-line summary: "3 tasks on 2 nodes in 2 phases", or that nothing will change (or be rolled back). */
  String summary() {
    if (!plan.hasChanges()) {
      return plan.isRollback() ? "Nothing to roll back." : "No changes. The hosts match cluster.yaml.";
    }
    TaskGraph graph = plan.graph();
    return count(graph.tasks().size(), "task") + " on " + count(nodesWithTasks, "node") + " in "
        + count(graph.phases().size(), "phase");
  }

  /** What a vertex stands for, in words: a task's title, or what a gate waits for. */
  String title(Vertex vertex) {
    TaskGraph graph = plan.graph();
    Phase phase = graph.phase(vertex);
    String batch = phase.batches().size() > 1 ? " of batch " + (vertex.batch() + 1) : "";
    return switch (vertex.kind()) {
      case TASK -> graph.task(vertex).title();
      case TASK_GATE -> "every node" + batch + " has finished " + (vertex.phase() + 1) + "." + (vertex.task() + 1)
          + " " + graph.task(vertex).title();
      case BATCH_GATE -> (batch.isEmpty() ? "" : "batch " + (vertex.batch() + 1) + " of ") + "phase "
          + (vertex.phase() + 1) + " is done";
    };
  }

  /** A task's {@code when} conditions as one phrase: all of them must hold. */
  static String conditions(Task task) {
    return task.when().stream().map(String::valueOf).collect(Collectors.joining(" and "));
  }

  static String count(int number, String noun) {
    return number + " " + noun + (number == 1 ? "" : "s");
  }
}
