package dev.orchestrate.core.report;

import static dev.orchestrate.core.report.Outcomes.SECRET;
import static dev.orchestrate.core.report.Outcomes.outcome;
import static dev.orchestrate.core.report.Outcomes.vertex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrate.core.executor.RunSummary;
import dev.orchestrate.core.executor.TaskOutcome.Status;
import dev.orchestrate.core.graph.TaskGraph;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each event as one JSON object on its own line, with its fields, and no secret in any of them. */
class JsonEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StringWriter written = new StringWriter();
  private final JsonEvents events = new JsonEvents(new PrintWriter(written), "run-42", Redactor.of(List.of(SECRET)));
  private final TaskGraph graph = Outcomes.graph();

  private List<Map<String, Object>> lines() throws Exception {
    List<Map<String, Object>> lines = new java.util.ArrayList<>();
    for (String line : written.toString().split("\n")) {
      lines.add(JSON.readValue(line, new TypeReference<Map<String, Object>>() {}));
    }
    return lines;
  }

  @Test
  void everyEventIsOneLineNamingItselfTheRunAndTheTime() throws Exception {
    Instant before = Instant.now();
    events.phaseStarted(graph.phases().get(0));
    events.taskStarted(vertex(graph, "1.1.node2"), "Stop");
    events.stopped("interrupted");

    List<Map<String, Object>> lines = lines();
    assertThat(lines).extracting(line -> line.get("event")).containsExactly("phase", "task_start", "stopped");
    for (Map<String, Object> line : lines) {
      assertThat(line).containsEntry("run", "run-42");
      assertThat(Instant.parse((String) line.get("at"))).isBetween(before, Instant.now());
    }
  }

  @Test
  void eachEventCarriesItsOwnFields() throws Exception {
    events.phaseStarted(graph.phases().get(1));
    events.taskStarted(vertex(graph, "1.2.node1"), "Start");
    events.taskProgress(vertex(graph, "1.2.node1"), "waiting for RUNNING");
    events.taskFinished(outcome(vertex(graph, "1.2.node1"), "Start", Status.CHANGED, "started", Map.of("rc", 0), 1500));
    events.stopped("node2 failed");
    events.event("lock", Map.of("holder", "ops@ci-7"));

    List<Map<String, Object>> lines = lines();
    assertThat(lines.get(0)).containsEntry("phase", 2).containsEntry("name", "Check")
        .containsEntry("hosts", List.of("node1", "node2"));
    assertThat(lines.get(1)).containsEntry("vertex", "1.2.node1").containsEntry("node", "node1")
        .containsEntry("task", "Start");
    assertThat(lines.get(2)).containsEntry("vertex", "1.2.node1").containsEntry("message", "waiting for RUNNING");
    assertThat(lines.get(3)).containsOnlyKeys("event", "run", "at", "vertex", "node", "task", "status", "elapsed_ms",
        "message").containsEntry("status", "changed").containsEntry("elapsed_ms", 1500).containsEntry("message", "started");
    assertThat(lines.get(4)).containsEntry("event", "stopped").containsEntry("reason", "node2 failed");
    assertThat(lines.get(5)).containsEntry("event", "lock").containsEntry("holder", "ops@ci-7");
  }

  @Test
  void theSummaryGivesTheExitCodeAndEachNodesCountsByStatus() throws Exception {
    RunSummary summary = new RunSummary(List.of(
        outcome(vertex(graph, "1.1.node1"), "Stop", Status.CHANGED, "", Map.of(), 10),
        outcome(vertex(graph, "1.1.node2"), "Stop", Status.FAILED, "exit 1", Map.of(), 20),
        outcome(vertex(graph, "1.2.node1"), "Start", Status.OK, "", Map.of(), 30),
        outcome(vertex(graph, "1.2.node2"), "Start", Status.NOT_RUN, "", Map.of(), 0)),
        List.of("node1", "node2"), Optional.of("node2 failed"), Duration.ofMillis(2500));

    events.summary(summary, Map.of("journal", "node1:/var/x/runs/run-42.jsonl"));

    Map<String, Object> line = lines().get(0);
    assertThat(line).containsEntry("event", "summary").containsEntry("exit_code", 1).containsEntry("changed", true)
        .containsEntry("elapsed_ms", 2500).containsEntry("stopped", "node2 failed")
        .containsEntry("journal", "node1:/var/x/runs/run-42.jsonl");
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> nodes = (Map<String, Map<String, Object>>) line.get("nodes");
    assertThat(nodes).containsOnlyKeys("node1", "node2");
    assertThat(nodes.get("node1")).containsEntry("changed", 1).containsEntry("ok", 1).containsEntry("failed", 0);
    assertThat(nodes.get("node2")).containsEntry("failed", 1).containsEntry("not_run", 1).containsEntry("ok", 0);
  }

  @Test
  void aSecretInAnyFieldIsMasked() throws Exception {
    events.taskProgress(vertex(graph, "1.1.node1"), "psql -W " + SECRET);
    events.taskFinished(outcome(vertex(graph, "1.1.node1"), "Stop " + SECRET, Status.FAILED,
        "password \"" + SECRET + "\" refused", Map.of(), 5));
    events.event("note", Map.of("nested", Map.of("list", List.of("x" + SECRET + "y"))));

    assertThat(written.toString()).doesNotContain(SECRET).contains(Redactor.MASK);
    List<Map<String, Object>> lines = lines();
    assertThat(lines.get(0)).containsEntry("message", "psql -W <secret>");
    assertThat(lines.get(1)).containsEntry("task", "Stop <secret>").containsEntry("message",
        "password \"<secret>\" refused");
    assertThat(lines.get(2)).containsEntry("nested", Map.of("list", List.of("x<secret>y")));
  }
}
