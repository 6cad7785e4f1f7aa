package dev.orchestrate.core.plan;

import dev.orchestrate.core.graph.Phase;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.graph.Vertex;
import dev.orchestrate.core.playbook.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan as a Mermaid flowchart, for a merge request or a wiki page: the same picture as the
 * DOT form. Mermaid ids are only letters and digits ({@code v0}, {@code v1}, ... in the graph's
 * order) because a vertex id holds dots and node names, and a word such as {@code end} would close
 * a subgraph.
 */
final class MermaidPlan {
  private static final int LABEL_WIDTH = 32;

  private MermaidPlan() {}

  static String write(Plan plan) {
    PlanOutline outline = PlanOutline.of(plan);
    TaskGraph graph = plan.graph();
    Drawing drawing = Drawing.of(graph);
    Map<Vertex, String> ids = new HashMap<>();
    for (Vertex vertex : drawing.vertices()) {
      ids.put(vertex, "v" + ids.size());
    }
    StringBuilder out = new StringBuilder("flowchart TD\n");
    out.append("  %% Plan for cluster ").append(plan.cluster().replace('\n', ' ')).append(": ")
        .append(outline.summary()).append('\n');
    for (Phase phase : graph.phases()) {
      out.append("  subgraph phase").append(phase.index() + 1).append("[\"")
          .append(escape("Phase " + (phase.index() + 1) + ": " + phase.name())).append("\"]\n");
      for (Vertex vertex : drawing.vertices()) {
        if (vertex.phase() == phase.index()) {
          out.append("    ").append(ids.get(vertex)).append(shape(vertex, outline)).append('\n');
        }
      }
      out.append("  end\n");
    }
    for (Drawing.Edge edge : drawing.edges()) {
      out.append("  ").append(ids.get(edge.from())).append(" --> ").append(ids.get(edge.to())).append('\n');
    }
    if (!plan.hasChanges()) {
      out.append("  nothing[\"").append(escape(outline.summary())).append("\"]\n");
      return out.toString();
    }
    out.append("  subgraph legend[\"Nodes\"]\n");
    List<String> nodes = outline.nodes();
    for (int n = 0; n < nodes.size(); n++) {
      out.append("    legend").append(n).append("(\"").append(escape(nodes.get(n))).append("\")\n");
    }
    out.append("  end\n");
    Map<String, List<String>> members = new LinkedHashMap<>();
    for (int n = 0; n < nodes.size(); n++) {
      members.computeIfAbsent(nodes.get(n), node -> new ArrayList<>()).add("legend" + n);
    }
    List<String> gates = new ArrayList<>();
    for (Vertex vertex : drawing.vertices()) {
      if (vertex.isTask()) {
        members.get(vertex.node()).add(ids.get(vertex));
      } else {
        gates.add(ids.get(vertex));
      }
    }
    // Class definitions end without ';': Mermaid would read "#8dd3c7;" as a character reference.
    for (int n = 0; n < nodes.size(); n++) {
      out.append("  classDef host").append(n).append(" fill:").append(outline.colour(nodes.get(n)))
          .append(",stroke:#666666,color:#000000\n");
      out.append("  class ").append(String.join(",", members.get(nodes.get(n)))).append(" host").append(n).append('\n');
    }
    if (!gates.isEmpty()) {
      out.append("  classDef gate fill:#777777,stroke:#777777,color:#777777\n");
      out.append("  class ").append(String.join(",", gates)).append(" gate\n");
    }
    return out.toString();
  }

  private static String shape(Vertex vertex, PlanOutline outline) {
    if (!vertex.isTask()) {
      return "((\" \"))";
    }
    Task task = outline.plan().graph().task(vertex);
    List<String> lines = new ArrayList<>();
    Drawing.wrap(task.title(), LABEL_WIDTH).forEach(line -> lines.add(escape(line)));
    lines.add(escape(vertex.node()));
    return "(\"" + String.join("<br/>", lines) + "\")";
  }

  /**
   * Text safe inside a quoted Mermaid label, which is read as HTML and scanned for character
   * references written {@code #name;}: such characters become decimal references.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"', '#', '<', '>', '&', '`' -> out.append('#').append((int) c).append(';');
        case '\n', '\r' -> out.append(' ');
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
