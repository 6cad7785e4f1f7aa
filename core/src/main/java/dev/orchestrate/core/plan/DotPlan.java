package dev.orchestrate.core.plan;

import dev.orchestrate.core.graph.Phase;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.graph.Vertex;
import dev.orchestrate.core.playbook.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The plan as a Graphviz picture: a box per phase, a rounded box per task coloured by its node,
 * barriers as small dots, and a legend of the node colours. Hovering a task (in SVG) shows its
 * module and conditions.
 *
 * <p>The vertices of one task in one batch are tied in a row by invisible edges: they run side by
 * side, and without the tie dot orders a row as it likes, where people look for node1 on the left.
 */
final class DotPlan {
  private static final int LABEL_WIDTH = 32;

  private DotPlan() {}

  static String write(Plan plan) {
    PlanOutline outline = PlanOutline.of(plan);
    TaskGraph graph = plan.graph();
    Drawing drawing = Drawing.of(graph);
    StringBuilder out = new StringBuilder();
    out.append("digraph plan {\n");
    out.append("  rankdir=TB;\n");
    out.append("  graph [fontname=\"Helvetica\", fontsize=12, labelloc=t, label=")
        .append(quote("Plan for cluster " + plan.cluster() + "\n" + outline.summary())).append("];\n");
    out.append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10, "
        + "color=\"#666666\"];\n");
    out.append("  edge [color=\"#777777\", arrowsize=0.6];\n");
    for (Phase phase : graph.phases()) {
      appendPhase(out, phase, drawing, outline);
    }
    if (!drawing.edges().isEmpty()) {
      out.append('\n');
    }
    for (Drawing.Edge edge : drawing.edges()) {
      out.append("  ").append(quote(edge.from().id())).append(" -> ").append(quote(edge.to().id())).append(";\n");
    }
    if (plan.hasChanges()) {
      appendLegend(out, outline);
    }
    out.append("}\n");
    return out.toString();
  }

  private static void appendPhase(StringBuilder out, Phase phase, Drawing drawing, PlanOutline outline) {
    out.append("\n  subgraph cluster_").append(phase.index() + 1).append(" {\n");
    out.append("    label=").append(quote("Phase " + (phase.index() + 1) + ": " + phase.name())).append(";\n");
    out.append("    style=\"rounded\"; color=\"#bbbbbb\"; fontsize=11;\n");
    Map<List<Integer>, List<String>> rows = new LinkedHashMap<>();
    for (Vertex vertex : drawing.vertices()) {
      if (vertex.phase() == phase.index()) {
        out.append("    ").append(declaration(vertex, outline)).append(";\n");
        if (vertex.isTask()) {
          rows.computeIfAbsent(List.of(vertex.batch(), vertex.task()), key -> new ArrayList<>()).add(vertex.id());
        }
      }
    }
    rows.values().forEach(row -> appendRow(out, row));
    out.append("  }\n");
  }

  private static void appendLegend(StringBuilder out, PlanOutline outline) {
    out.append("\n  subgraph cluster_legend {\n");
    out.append("    label=\"Nodes\"; style=\"rounded\"; color=\"#bbbbbb\"; fontsize=11;\n");
    for (String node : outline.nodes()) {
      out.append("    ").append(quote("legend:" + node)).append(" [label=").append(quote(node))
          .append(", fillcolor=").append(quote(outline.colour(node))).append("];\n");
    }
    appendRow(out, outline.nodes().stream().map(node -> "legend:" + node).toList());
    out.append("  }\n");
  }

  /** Ties {@code ids} in a row, left to right, with edges that are not drawn. */
  private static void appendRow(StringBuilder out, List<String> ids) {
    if (ids.size() > 1) {
      out.append("    { rank=same; ").append(ids.stream().map(DotPlan::quote).collect(Collectors.joining(" -> ")))
          .append(" [style=invis]; }\n");
    }
  }

  private static String declaration(Vertex vertex, PlanOutline outline) {
    String id = quote(vertex.id());
    if (!vertex.isTask()) {
      return id + " [shape=point, width=0.08, label=\"\", tooltip=" + quote(outline.title(vertex)) + "]";
    }
    Task task = outline.plan().graph().task(vertex);
    String label = String.join("\n", Drawing.wrap(task.title(), LABEL_WIDTH)) + "\n" + vertex.node();
    String tooltip = vertex.id() + ": " + task.module()
        + (task.when().isEmpty() ? "" : ", only if " + PlanOutline.conditions(task));
    return id + " [label=" + quote(label) + ", fillcolor=" + quote(outline.colour(vertex.node()))
        + ", tooltip=" + quote(tooltip) + "]";
  }

  /**
   * A DOT string: quotes and backslashes escaped (a backslash is otherwise read as an escape such
   * as {@code \N}, the node's name), line breaks as DOT's centred {@code \n}.
   */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> { }
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
