package dev.orchestrate.core.report;

import static dev.orchestrate.core.report.Outcomes.SECRET;
import static dev.orchestrate.core.report.Outcomes.outcome;
import static dev.orchestrate.core.report.Outcomes.vertex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.executor.TaskOutcome.Status;
import dev.orchestrate.core.graph.TaskGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's folder beside cluster.yaml: its events and a log per node, redacted. */
class RunFolderTest {
  @TempDir
  Path dir;

  private final TaskGraph graph = Outcomes.graph();

  @Test
  void theFolderLiesBesideTheClusterFileAndHoldsTheEventsAndALogPerNode() throws Exception {
    Path clusterFile = dir.resolve("prod/cluster.yaml");
    Files.createDirectories(clusterFile.getParent());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("cmd", "systemctl stop confluence");
    result.put("rc", 0);
    result.put("stdout", "stopped");
    result.put("stderr", "");
    result.put("changed", true);

    try (RunFolder folder = RunFolder.create(clusterFile, "run-9", Redactor.none())) {
      assertThat(folder.directory()).isEqualTo(dir.resolve("prod/.orchestrate/runs/run-9").toAbsolutePath());
      folder.phaseStarted(graph.phases().get(0));
      folder.taskStarted(vertex(graph, "1.1.node1"), "Stop");
      folder.taskFinished(outcome(vertex(graph, "1.1.node1"), "Stop", Status.CHANGED, "", result, 12));
      folder.taskFinished(outcome(vertex(graph, "1.1.node2"), "Stop", Status.FAILED, "exit status 3",
          Map.of("rc", 3, "stderr", "no such unit"), 7));
      assertThat(Files.readAllLines(folder.directory().resolve("events.jsonl"))).as("written as they happen")
          .hasSize(4);
    }

    Path run = dir.resolve("prod/.orchestrate/runs/run-9");
    assertThat(Files.readAllLines(run.resolve("events.jsonl"))).extracting(line -> line.replaceAll(
        "^\\{\"event\":\"([a-z_]+)\".*", "$1")).containsExactly("phase", "task_start", "task_end", "task_end");
    assertThat(Files.readString(run.resolve("output/node1.log"))).isEqualTo("""
        === 1.1.node1 Stop — changed after 12 ms
        --- cmd
        systemctl stop confluence
        --- rc
        0
        --- stdout
        stopped
        --- stderr

        """);
    assertThat(Files.readString(run.resolve("output/node2.log")))
        .startsWith("=== 1.1.node2 Stop — failed after 7 ms\nexit status 3\n")
        .contains("--- rc\n3\n", "--- stderr\nno such unit\n");
    try (var logs = Files.list(run.resolve("output"))) {
      assertThat(logs.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("node1.log", "node2.log");
    }
  }

  @Test
  void aNodesLogGrowsWithEachTaskAndShowsNoSecret() throws Exception {
    Path clusterFile = dir.resolve("cluster.yaml");
    try (RunFolder folder = RunFolder.create(clusterFile, "run-10", Redactor.of(List.of(SECRET)))) {
      folder.taskFinished(outcome(vertex(graph, "1.1.node1"), "Stop", Status.OK, "", Map.of("stdout", "one"), 1));
      folder.taskFinished(outcome(vertex(graph, "1.2.node1"), "Set " + SECRET, Status.FAILED, "refused " + SECRET,
          Map.of("cmd", "psql -c \"ALTER USER x PASSWORD '" + SECRET + "'\"", "stdout", SECRET + "\n"), 1));
      folder.taskProgress(vertex(graph, "1.2.node1"), "trying " + SECRET);
    }

    Path run = dir.resolve(".orchestrate/runs/run-10");
    String log = Files.readString(run.resolve("output/node1.log"));
    assertThat(log).contains("=== 1.1.node1 Stop", "--- stdout\none\n", "=== 1.2.node1 Set <secret>",
        "refused <secret>", "PASSWORD '<secret>'").doesNotContain(SECRET);
    assertThat(Files.readString(run.resolve("events.jsonl"))).contains("trying <secret>").doesNotContain(SECRET);
  }
}
