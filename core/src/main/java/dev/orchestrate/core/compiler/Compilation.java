package dev.orchestrate.core.compiler;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.playbook.Inventory;
import java.util.List;

/**
 * What the compiler made of a topology and the facts: the procedures it chose (and why), the
 * inventory their plays run against, and the graph.
 *
 * @param decisions one line per finding, e.g. "node1 runs Confluence Server; cluster.yaml asks for Data Center"
 */
public record Compilation(List<Procedure> procedures, List<String> decisions, Inventory inventory, TaskGraph graph) {
  public Compilation {
    procedures = List.copyOf(procedures);
    decisions = List.copyOf(decisions);
    requireNonNull(inventory, "inventory");
    requireNonNull(graph, "graph");
  }

  public boolean hasChanges() {
    return !graph.isEmpty();
  }
}
