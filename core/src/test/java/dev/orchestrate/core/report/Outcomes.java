package dev.orchestrate.core.report;

import dev.orchestrate.core.diagnostic.SourcePosition;
import dev.orchestrate.core.executor.TaskOutcome;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.graph.TaskGraphBuilder;
import dev.orchestrate.core.graph.Vertex;
import dev.orchestrate.core.playbook.Inventory;
import dev.orchestrate.core.playbook.Play;
import dev.orchestrate.core.playbook.Playbook;
import dev.orchestrate.core.playbook.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** A small graph and outcomes of its tasks, for the reports' tests: no executor, no hosts. */
final class Outcomes {
  /** A database password, as a task's output might show it by mistake. */
  static final String SECRET = "db-Pa55word-7f3k";

  private Outcomes() {}

  /** Two plays on node1 and node2: "Stop" then "Start" (linear), and "Check" (free). */
  static TaskGraph graph() {
    Inventory inventory = new Inventory(List.of("node1", "node2"), Map.of(), Map.of());
    return TaskGraphBuilder.on(inventory)
        .add(new Playbook(Path.of("restart.yaml"), "restart", List.of(
            play("Restart <all> & \"check\"", "linear", task("Stop"), task("Start")),
            play("Check", "free", task("Check")))), "")
        .build();
  }

  /** The task vertex of {@code graph} with this id. */
  static Vertex vertex(TaskGraph graph, String id) {
    return graph.tasks().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
  }

  static TaskOutcome outcome(Vertex vertex, String title, TaskOutcome.Status status, String message,
      Map<String, Object> result, long millis) {
    return new TaskOutcome(vertex, title, status, message, result, List.of(), Duration.ofMillis(millis));
  }

  private static Play play(String name, String strategy, Task... tasks) {
    return new Play(name, SourcePosition.START, "all", List.of(), Map.of(), List.of(tasks), false,
        OptionalDouble.empty(), strategy);
  }

  private static Task task(String name) {
    return Task.builder(name, "command").build();
  }
}
