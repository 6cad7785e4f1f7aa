package dev.orchestrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.graph.TaskGraphBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextPlanTest {
  @Test
  void showsTheDecisionsTheReasonsAndEveryPhaseInOrder() {
    String text = PlanWriter.text(TestPlans.migrationPlan());

    assertThat(text.lines()).containsSubsequence(
        "Plan for cluster wiki",
        "9 tasks on 2 nodes in 2 phases",
        "Why: node1 runs Confluence Server; cluster.yaml asks for Data Center",
        "What changes on each node:",
        "  node1  becomes the first Data Center node",
        "  node2  receives a copy of node1",
        "Playbook migrate",
        "Phase 1/2: Stop each node  (hosts: node1, node2; serial: 1 → batches [node1] [node2])",
        "  one node at a time: each batch starts after the previous one finished",
        "  1.1 Stop Confluence        — node1, node2",
        "  1.2 Back up the local home — node1, node2  (only if inventory_hostname in groups['first'])",
        "Phase 2/2: Copy and start  (hosts: node1, node2)",
        "  each node runs on through its tasks without waiting for the others");
  }

  @Test
  void groupsATasksNodesOnOneLineAndMarksARunOnceTask() {
    List<String> lines = PlanWriter.text(TestPlans.migrationPlan()).lines().toList();

    assertThat(lines).filteredOn(line -> line.contains("Stop Confluence")).hasSize(1);
    assertThat(lines).anySatisfy(line -> assertThat(line)
        .startsWith("  2.1 Create the shared home").endsWith("— node1  (run once)"));
    assertThat(lines).anySatisfy(line -> assertThat(line)
        .startsWith("  2.3 Start Confluence").endsWith("— node1, node2"));
  }

  @Test
  void alignsTheNodesOfEveryTaskOfAPhase() {
    List<String> phaseTwo = PlanWriter.text(TestPlans.migrationPlan()).lines()
        .filter(line -> line.startsWith("  2.")).toList();

    assertThat(phaseTwo).hasSize(3);
    assertThat(phaseTwo).extracting(line -> line.indexOf(" — ")).containsOnly(phaseTwo.get(1).indexOf(" — "));
  }

  @Test
  void namesBatchesOfSeveralNodesAndPercentages() {
    String text = PlanWriter.text(TestPlans.barrierPlan());

    assertThat(text).contains("Phase 3/3: Restart  (hosts: node1, node2, node3, node4; serial: 50% → batches "
        + "[node1, node2] [node3, node4])\n  one batch at a time: each batch starts after the previous one finished\n");
    assertThat(text).contains("Phase 2/3: Verify  (hosts: node1, node2, node3, node4)\n  2.1 Check status");
  }

  @Test
  void saysSoWhenNothingWillChange() {
    String text = PlanWriter.text(TestPlans.emptyPlan());

    assertThat(text).isEqualTo("Plan for cluster wiki\nNo changes. The hosts match cluster.yaml.\n");
  }

  @Test
  void countsInTheSingularForOne() {
    Plan plan = TestPlans.plan(TaskGraphBuilder.on(TestPlans.inventory("node1"))
        .add(TestPlans.playbook("one", TestPlans.play("Only", "all", List.of(), "linear",
            TestPlans.task("Restart", "confluence_service"))), "")
        .build());

    assertThat(PlanWriter.text(plan)).contains("\n1 task on 1 node in 1 phase\n");
  }

  @Test
  void showsNoModuleArguments() {
    assertThat(PlanWriter.text(TestPlans.migrationPlan())).doesNotContain(TestPlans.SECRET).doesNotContain("/opt/x");
  }
}
