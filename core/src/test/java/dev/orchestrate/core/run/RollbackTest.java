package dev.orchestrate.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.executor.RunSummary;
import dev.orchestrate.core.executor.TaskOutcome;
import dev.orchestrate.core.graph.Vertex;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a rollback that could not finish tells the person who must finish it. */
class RollbackTest {
  @Test
  void aRollbackThatCouldNotFinishListsTheFailedAndTheUndoneStepsAndHowToResume() {
    RunSummary summary = new RunSummary(List.of(
        outcome("0.0.node2", "node2", "Start Confluence", TaskOutcome.Status.OK, ""),
        outcome("0.1.node2", "node2", "Restore the local home", TaskOutcome.Status.FAILED, "archive missing"),
        outcome("0.2.node1", "node1", "Start Confluence", TaskOutcome.Status.NOT_RUN, "an earlier task failed")),
        List.of("node1", "node2"), Optional.of("a task failed"), Duration.ofSeconds(3));

    assertThat(Rollback.whatIsLeft(Path.of("cluster.yaml"), "rb-1", summary)).isEqualTo("""
        The rollback could not finish. Left to do:
          - 0.1.node2 Restore the local home on node2: FAILED: archive missing
          - 0.2.node1 Start Confluence on node1: not done
        Fix what stopped it, then run: orchestrate rollback cluster.yaml --yes
        It resumes rollback rb-1 where it stopped. To finish by hand instead, each step is described in\
         docs/SAFETY.md (backups are kept beside each edited file as FILE.orchestrate-RUN, local homes are archived\
         in orchestrate-backups/ beside them).""");
  }

  private static TaskOutcome outcome(String id, String node, String title, TaskOutcome.Status status, String message) {
    Vertex vertex = new Vertex(id, Vertex.Kind.TASK, 0, 0, 0, node);
    return new TaskOutcome(vertex, title, status, message, Map.of(), List.of(), Duration.ZERO);
  }
}
