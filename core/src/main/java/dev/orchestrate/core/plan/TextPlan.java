package dev.orchestrate.core.plan;

import dev.orchestrate.core.graph.Phase;
import dev.orchestrate.core.playbook.Play;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The plan for people: why, what changes on each node, then every phase with its tasks, one line
 * per task however many nodes it runs on, so a migration of three nodes fits on a screen or two.
 */
final class TextPlan {
  private static final int MAX_ALIGNED = 80;
  private TextPlan() {}

  static String write(Plan plan) {
    PlanOutline outline = PlanOutline.of(plan);
    StringBuilder out = new StringBuilder();
    out.append(plan.isRollback() ? "Rollback plan for cluster " : "Plan for cluster ").append(plan.cluster())
        .append('\n');
    out.append(outline.summary()).append('\n');
    plan.rollback().ifPresent(basis -> appendUndone(out, basis));
    for (String decision : plan.decisions()) {
      out.append("Why: ").append(decision).append('\n');
    }
    appendReasons(out, outline.reasons());
    plan.rollback().filter(basis -> plan.hasChanges() && basis.readHosts()).ifPresent(basis -> appendBasis(out, basis));
    List<Phase> phases = plan.graph().phases();
    int numberWidth = phases.stream().flatMap(phase -> outline.steps(phase).stream())
        .mapToInt(step -> step.number().length()).max().orElse(0);
    for (Phase phase : phases) {
      out.append('\n');
      boolean firstOfPlaybook = phase.index() == 0
          || !phases.get(phase.index() - 1).playbook().name().equals(phase.playbook().name());
      if (firstOfPlaybook) {
        out.append("Playbook ").append(phase.playbook().name()).append('\n');
      }
      appendPhase(out, phase, phases.size(), outline.steps(phase), numberWidth);
    }
    return out.toString();
  }

  private static void appendUndone(StringBuilder out, RollbackBasis basis) {
    basis.resumes().ifPresent(rollback -> out.append("Finishes rollback ").append(rollback)
        .append(", which was cut off or failed: the tasks it did are skipped.\n"));
    if (basis.undoes().isEmpty()) {
      return;
    }
    out.append("Undoes ").append(PlanOutline.count(basis.undoes().size(), "run")).append(", newest first: ")
        .append(String.join(", ", basis.undoes()));
    String oldest = basis.undoes().get(basis.undoes().size() - 1);
    boolean wholeChain = basis.chain().isEmpty() || basis.chain().get(0).equals(oldest);
    out.append(basis.keeps().map(run -> "; keeps " + run + " (--to): the cluster goes back to how " + run + " left it")
        .orElse("; back to the state before " + oldest + (wholeChain ? ", the first run since the cluster was last"
            + " known good" : ""))).append(".\n");
  }

  /** What {@code rollback --plan} reads again and compares before it runs the plan. */
  private static void appendBasis(StringBuilder out, RollbackBasis basis) {
    out.append("\nMade from (rollback --plan refuses to run this plan once any of it changed):\n");
    out.append("  chain    ").append(String.join(", ", basis.chain())).append("  (oldest first)\n");
    basis.journals().forEach((run, sha) -> out.append("  journal  ").append(run).append("  ")
        .append(sha.isEmpty() ? "none" : "sha256 " + SavedPlan.shorten(sha)).append('\n'));
    out.append("  nodes    ").append(basis.nodes().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "))).append('\n');
    for (RollbackBasis.Backup backup : basis.backups()) {
      out.append("  ").append(pad(backup.kind(), 8)).append(' ').append(backup.where()).append("  (run ")
          .append(backup.run()).append("): ").append(backup.describe()).append('\n');
    }
  }

  private static void appendReasons(StringBuilder out, Map<String, List<String>> reasons) {
    if (reasons.isEmpty()) {
      return;
    }
    out.append("\nWhat changes on each node:\n");
    int width = reasons.keySet().stream().mapToInt(String::length).max().orElse(0);
    reasons.forEach((node, texts) -> texts.forEach(text ->
        out.append("  ").append(pad(node, width)).append("  ").append(text).append('\n')));
  }

  private static void appendPhase(StringBuilder out, Phase phase, int phaseCount, List<PlanOutline.Step> steps,
      int numberWidth) {
    out.append("Phase ").append(phase.index() + 1).append('/').append(phaseCount).append(": ")
        .append(phase.name()).append("  (").append(hosts(phase)).append(")\n");
    for (String rule : rules(phase)) {
      out.append("  ").append(rule).append('\n');
    }
    // Titles align up to MAX_ALIGNED characters: an undo's title names two paths, and padding every
    // other line of its phase to it would push the nodes off any screen.
    int titleWidth = Math.min(MAX_ALIGNED, steps.stream().mapToInt(step -> step.task().title().length()).max()
        .orElse(0));
    for (PlanOutline.Step step : steps) {
      out.append("  ").append(pad(step.number(), numberWidth)).append(' ')
          .append(pad(step.task().title(), titleWidth)).append(" — ").append(String.join(", ", step.nodes()));
      if (step.task().runOnce()) {
        out.append("  (run once)");
      }
      if (!step.task().when().isEmpty()) {
        out.append("  (only if ").append(PlanOutline.conditions(step.task())).append(')');
      }
      out.append('\n');
    }
  }

  private static String hosts(Phase phase) {
    String text = "hosts: " + String.join(", ", phase.hosts());
    if (phase.play().serial().isEmpty()) {
      return text;
    }
    return text + "; serial: " + phase.play().serial().stream().map(String::valueOf).collect(Collectors.joining(", "))
        + " → batches " + phase.batches().stream().map(batch -> "[" + String.join(", ", batch) + "]")
        .collect(Collectors.joining(" "));
  }

  /** The orderings and failure rules that differ from "every node together, task by task", in words. */
  private static List<String> rules(Phase phase) {
    Play play = phase.play();
    List<String> rules = new ArrayList<>();
    if (phase.batches().size() > 1) {
      boolean single = phase.batches().stream().allMatch(batch -> batch.size() == 1);
      rules.add((single ? "one node at a time" : "one batch at a time")
          + ": each batch starts after the previous one finished");
    }
    if (!play.isLinear() && phase.hosts().size() > 1) {
      rules.add("each node runs on through its tasks without waiting for the others");
    }
    if (play.anyErrorsFatal()) {
      rules.add("a failure on any node stops the run");
    }
    play.maxFailPercentage().ifPresent(percent ->
        rules.add("the run stops when more than " + format(percent) + "% of a batch's nodes failed"));
    return rules;
  }

  private static String format(double number) {
    return number == Math.rint(number) ? String.valueOf((long) number) : String.valueOf(number);
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
