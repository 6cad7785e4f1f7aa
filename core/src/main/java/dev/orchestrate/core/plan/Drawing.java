package dev.orchestrate.core.plan;

import com.google.common.graph.Graph;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.graph.Vertex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A task graph as a picture shows it: every task, and only the gates worth a dot. A gate with one
 * edge in or one edge out is drawn as the edges it stands for (its predecessors straight to its
 * successors), which never adds an edge, so the picture stays linear in the graph's size; a gate
 * between several nodes and several nodes (a linear play's barrier) stays, since drawing it as
 * edges would take every pair. Either way each ordering of the graph is still a path in the picture.
 */
final class Drawing {
  /** An arrow: {@code from} finishes before {@code to} starts. */
  record Edge(Vertex from, Vertex to) {}

  private final List<Vertex> vertices;
  private final List<Edge> edges;

  private Drawing(List<Vertex> vertices, List<Edge> edges) {
    this.vertices = vertices;
    this.edges = edges;
  }

  static Drawing of(TaskGraph taskGraph) {
    Graph<Vertex> graph = taskGraph.graph();
    Map<Vertex, Integer> position = new HashMap<>();
    taskGraph.order().forEach(vertex -> position.put(vertex, position.size()));
    Comparator<Vertex> inOrder = Comparator.comparing(position::get);
    Map<Vertex, Set<Vertex>> successors = new LinkedHashMap<>();
    Map<Vertex, Set<Vertex>> predecessors = new HashMap<>();
    for (Vertex vertex : taskGraph.order()) {
      Set<Vertex> after = new TreeSet<>(inOrder);
      after.addAll(graph.successors(vertex));
      successors.put(vertex, after);
      Set<Vertex> before = new TreeSet<>(inOrder);
      before.addAll(graph.predecessors(vertex));
      predecessors.put(vertex, before);
    }
    for (Vertex gate : taskGraph.order()) {
      Set<Vertex> before = predecessors.get(gate);
      Set<Vertex> after = successors.get(gate);
      if (gate.isTask() || (before.size() > 1 && after.size() > 1)) {
        continue;
      }
      for (Vertex from : before) {
        successors.get(from).remove(gate);
        successors.get(from).addAll(after);
      }
      for (Vertex to : after) {
        predecessors.get(to).remove(gate);
        predecessors.get(to).addAll(before);
      }
      successors.remove(gate);
      predecessors.remove(gate);
    }
    List<Edge> edges = new ArrayList<>();
    successors.forEach((from, after) -> after.forEach(to -> edges.add(new Edge(from, to))));
    return new Drawing(List.copyOf(successors.keySet()), List.copyOf(edges));
  }

  /** What is drawn, in the graph's order: every task, and the gates that stay. */
  List<Vertex> vertices() {
    return vertices;
  }

  List<Edge> edges() {
    return edges;
  }

  /** Breaks {@code text} into lines of about {@code width} characters, at spaces, for a box. */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
    return lines;
  }
}
