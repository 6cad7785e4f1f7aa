package dev.orchestrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.graph.Vertex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class JsonPlanTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void writesTheDocumentedKeysInTheirOrder() throws Exception {
    JsonNode root = MAPPER.readTree(PlanWriter.json(TestPlans.migrationPlan()));

    assertThat(fieldNames(root)).containsExactly("format", "cluster", "created", "digests", "changes", "decisions",
        "reasons", "phases", "vertices");
    assertThat(root.get("format").intValue()).isEqualTo(1);
    assertThat(root.get("cluster").textValue()).isEqualTo("wiki");
    assertThat(root.get("created").textValue()).isEqualTo("2024-05-01T10:15:30Z");
    assertThat(root.at("/digests/topology").textValue()).isEqualTo(TestPlans.TOPOLOGY_DIGEST);
    assertThat(root.at("/digests/facts").textValue()).isEqualTo(TestPlans.FACTS_DIGEST);
    assertThat(root.get("changes").booleanValue()).isTrue();
    assertThat(root.get("decisions")).hasSize(1);
    assertThat(fieldNames(root.get("reasons"))).containsExactly("node1", "node2");
    assertThat(root.at("/reasons/node2/0").textValue()).isEqualTo("receives a copy of node1");
  }

  @Test
  void describesEachPhase() throws Exception {
    JsonNode phases = MAPPER.readTree(PlanWriter.json(TestPlans.migrationPlan())).get("phases");

    assertThat(phases).hasSize(2);
    JsonNode serial = phases.get(0);
    assertThat(fieldNames(serial)).containsExactly("index", "name", "playbook", "hosts", "batches", "strategy", "why");
    assertThat(serial.get("index").intValue()).isZero();
    assertThat(serial.get("name").textValue()).isEqualTo("Stop each node");
    assertThat(serial.get("playbook").textValue()).isEqualTo("migrate");
    assertThat(serial.get("batches").toString()).isEqualTo("[[\"node1\"],[\"node2\"]]");
    assertThat(phases.get(1).get("strategy").textValue()).isEqualTo("free");
  }

  @Test
  void listsEveryVertexInTheGraphsOrderWithItsDirectPredecessors() throws Exception {
    TaskGraph graph = TestPlans.migrationGraph();
    JsonNode vertices = MAPPER.readTree(PlanWriter.json(TestPlans.plan(graph))).get("vertices");

    assertThat(StreamSupport.stream(vertices.spliterator(), false).map(v -> v.get("id").textValue()))
        .containsExactlyElementsOf(graph.order().stream().map(Vertex::id).toList());
    for (JsonNode written : vertices) {
      Vertex vertex = graph.order().stream().filter(v -> v.id().equals(written.get("id").textValue())).findFirst()
          .orElseThrow();
      List<String> after = new ArrayList<>();
      written.get("after").forEach(id -> after.add(id.textValue()));
      assertThat(after).as(vertex.id())
          .containsExactlyInAnyOrderElementsOf(graph.graph().predecessors(vertex).stream().map(Vertex::id).toList());
      assertThat(written.get("kind").textValue()).isIn("task", "task_gate", "batch_gate");
      assertThat(written.has("node")).isEqualTo(vertex.isTask());
    }
  }

  @Test
  void givesEachTaskItsNodeTitleModuleAndConditions() throws Exception {
    JsonNode vertices = MAPPER.readTree(PlanWriter.json(TestPlans.migrationPlan())).get("vertices");
    JsonNode backup = find(vertices, "1.2.node2");

    assertThat(fieldNames(backup)).containsExactly("id", "kind", "phase", "batch", "task", "node", "title", "module",
        "when", "after");
    assertThat(backup.get("node").textValue()).isEqualTo("node2");
    assertThat(backup.get("batch").intValue()).isEqualTo(1);
    assertThat(backup.get("title").textValue()).isEqualTo("Back up the local home");
    assertThat(backup.get("module").textValue()).isEqualTo("backup");
    assertThat(backup.get("when").get(0).textValue()).isEqualTo("inventory_hostname in groups['first']");
    assertThat(backup.get("after").toString()).isEqualTo("[\"1.1.done-batch2\"]");
    JsonNode batchGate = find(vertices, "1.batch1.done");
    assertThat(batchGate.get("task").isNull()).isTrue();
    assertThat(batchGate.get("title").textValue()).isEqualTo("batch 1 of phase 1 is done");
  }

  @Test
  void leavesOutModuleArguments() {
    String json = PlanWriter.json(TestPlans.migrationPlan());

    assertThat(json).doesNotContain(TestPlans.SECRET).doesNotContain("/opt/x").doesNotContain("arguments");
  }

  @Test
  void isTheSameTextForTheSamePlan() {
    assertThat(PlanWriter.json(TestPlans.migrationPlan())).isEqualTo(PlanWriter.json(TestPlans.migrationPlan()));
  }

  @Test
  void saysThereAreNoChangesForAnEmptyGraph() throws Exception {
    JsonNode root = MAPPER.readTree(PlanWriter.json(TestPlans.emptyPlan()));

    assertThat(root.get("changes").booleanValue()).isFalse();
    assertThat(root.get("vertices")).isEmpty();
    assertThat(root.get("phases")).isEmpty();
  }

  private static JsonNode find(JsonNode vertices, String id) {
    return StreamSupport.stream(vertices.spliterator(), false).filter(v -> v.get("id").textValue().equals(id))
        .findFirst().orElseThrow();
  }

  private static List<String> fieldNames(JsonNode node) {
    return node.properties().stream().map(Map.Entry::getKey).toList();
  }
}
