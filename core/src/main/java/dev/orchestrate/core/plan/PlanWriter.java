package dev.orchestrate.core.plan;

/**
 * Prints a {@link Plan} in each form {@code orchestrate plan --format} offers. Every form is
 * deterministic: the same plan gives the same characters. None holds a module's arguments, which
 * may carry secrets.
 */
public final class PlanWriter {
  private PlanWriter() {}

  /**
   * For people: the decisions, what changes on each node, then each phase with one line per task
   * and the nodes it runs on. No colours; the command line adds them when it writes to a terminal.
   */
  public static String text(Plan plan) {
    return TextPlan.write(plan);
  }

  /** For programs, and the form {@link SavedPlan} keeps: format 1, described in docs/plan-format.md. */
  public static String json(Plan plan) {
    return JsonPlan.write(plan);
  }

  /** For Graphviz ({@code dot -Tsvg}): a cluster per phase, a colour per node. */
  public static String dot(Plan plan) {
    return DotPlan.write(plan);
  }

  /** For Mermaid ({@code flowchart TD}), the same picture as {@link #dot}. */
  public static String mermaid(Plan plan) {
    return MermaidPlan.write(plan);
  }
}
