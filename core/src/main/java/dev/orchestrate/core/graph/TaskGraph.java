package dev.orchestrate.core.graph;

import static java.util.Objects.requireNonNull;

import com.google.common.graph.Graphs;
import com.google.common.graph.ImmutableGraph;
import dev.orchestrate.core.playbook.Task;
import java.util.List;
import java.util.Map;

/**
 * Everything a run will do, before it does any of it: phases (plays), and a directed acyclic
 * graph of vertices — a task on a node, or a gate — where an edge means "must finish before".
 * Immutable; {@code plan} prints it, {@code apply} walks it. Build one with {@link TaskGraphBuilder}.
 *
 * @param reasons per node, what will change there and why (the compiler's findings)
 */
public record TaskGraph(List<Phase> phases, ImmutableGraph<Vertex> graph, List<Vertex> order,
    Map<String, List<String>> reasons) {
  public TaskGraph {
    phases = List.copyOf(phases);
    requireNonNull(graph, "graph");
    order = List.copyOf(order);
    reasons = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(reasons));
  }

  /** True when the run would do nothing: the hosts already match. */
  public boolean isEmpty() {
    return tasks().isEmpty();
  }

  /** Task vertices in a valid order (topological, stable: phase, batch, task, node order). */
  public List<Vertex> tasks() {
    return order.stream().filter(Vertex::isTask).toList();
  }

  public Task task(Vertex vertex) {
    return phases.get(vertex.phase()).play().tasks().get(vertex.task());
  }

  public Phase phase(Vertex vertex) {
    return phases.get(vertex.phase());
  }

  /** True when {@code earlier} must finish before {@code later} starts. */
  public boolean happensBefore(Vertex earlier, Vertex later) {
    return !earlier.equals(later) && Graphs.reachableNodes(graph, earlier).contains(later);
  }
}
