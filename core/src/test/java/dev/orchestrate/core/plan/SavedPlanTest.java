package dev.orchestrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.diagnostic.InvalidFileException;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.graph.TaskGraphBuilder;
import dev.orchestrate.core.graph.Vertex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedPlanTest {
  @TempDir
  Path directory;

  @Test
  void readsBackWhatItWrote() {
    Plan plan = TestPlans.migrationPlan();
    Path file = directory.resolve("plan.json");

    SavedPlan.write(plan, file);
    SavedPlan saved = SavedPlan.read(file);

    assertThat(saved.cluster()).isEqualTo("wiki");
    assertThat(saved.created()).isEqualTo(TestPlans.CREATED);
    assertThat(saved.topologyDigest()).isEqualTo(TestPlans.TOPOLOGY_DIGEST);
    assertThat(saved.factsDigest()).isEqualTo(TestPlans.FACTS_DIGEST);
    assertThat(saved.vertexIds()).containsExactlyElementsOf(plan.graph().order().stream().map(Vertex::id).toList());
    assertThat(saved.tasks()).hasSize(plan.graph().tasks().size()).first()
        .isEqualTo(new SavedPlan.Step("1.1.node1", "task", "Stop Confluence", "node1"));
    assertThat(saved.mismatch(plan)).isEmpty();
  }

  @Test
  void replacesAnOlderPlanAndLeavesNoTemporaryFile() throws IOException {
    Path file = directory.resolve("plan.json");
    Files.writeString(file, "an older plan");

    SavedPlan.write(TestPlans.migrationPlan(), file);

    assertThat(Files.readString(file)).isEqualTo(PlanWriter.json(TestPlans.migrationPlan()));
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void reportsAPlaceItCannotWrite() {
    Path file = directory.resolve("missing").resolve("plan.json");

    assertThatThrownBy(() -> SavedPlan.write(TestPlans.migrationPlan(), file))
        .isInstanceOfSatisfying(OrchestrateException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessage("cannot write the plan to " + file + ": no such file or directory");
  }

  @Test
  void matchesTheSamePlanCompiledAgainLater() {
    Path file = save(TestPlans.migrationPlan());
    Plan later = new Plan("wiki", TestPlans.TOPOLOGY_DIGEST, TestPlans.FACTS_DIGEST,
        TestPlans.CREATED.plusSeconds(600), List.of(), TestPlans.migrationGraph());

    assertThat(SavedPlan.read(file).mismatch(later)).isEmpty();
  }

  @Test
  void saysTheHostsChanged() {
    SavedPlan saved = SavedPlan.read(save(TestPlans.migrationPlan()));

    assertThat(saved.mismatch(withDigests(TestPlans.TOPOLOGY_DIGEST, "sha256:3333333333333333cccc")))
        .hasValue("the hosts changed since the plan was made (facts digest 222222222222… → 333333333333…)");
  }

  @Test
  void saysClusterYamlChanged() {
    SavedPlan saved = SavedPlan.read(save(TestPlans.migrationPlan()));

    assertThat(saved.mismatch(withDigests("sha256:4444444444444444dddd", TestPlans.FACTS_DIGEST)))
        .hasValue("cluster.yaml changed since the plan was made (topology digest 111111111111… → 444444444444…)");
  }

  @Test
  void saysBothChanged() {
    SavedPlan saved = SavedPlan.read(save(TestPlans.migrationPlan()));

    assertThat(saved.mismatch(withDigests("abc", "def"))).hasValue("cluster.yaml and the hosts changed since the plan "
        + "was made (topology digest 111111111111… → abc, facts digest 222222222222… → def)");
  }

  @Test
  void saysThePlanIsForAnotherCluster() {
    SavedPlan saved = SavedPlan.read(save(TestPlans.migrationPlan()));
    Plan other = new Plan("docs", TestPlans.TOPOLOGY_DIGEST, TestPlans.FACTS_DIGEST, TestPlans.CREATED, List.of(),
        TestPlans.migrationGraph());

    assertThat(saved.mismatch(other)).hasValue("the plan was made for cluster 'wiki', not 'docs'");
  }

  @Test
  void namesTheFirstStepThatDiffers() {
    SavedPlan saved = SavedPlan.read(save(TestPlans.migrationPlan()));
    TaskGraph reordered = TaskGraphBuilder.on(TestPlans.inventory("node2", "node1"))
        .add(TestPlans.migration(), "").build();

    assertThat(saved.mismatch(TestPlans.plan(reordered))).hasValue("the plan's steps differ: step 1 was "
        + "1.1.node1 (Stop Confluence on node1) and is now 1.1.node2 (Stop Confluence on node2)");
  }

  @Test
  void namesTheStepsARunWouldAdd() {
    TaskGraph shorter = TaskGraphBuilder.on(TestPlans.inventory("node1", "node2"))
        .add(TestPlans.migration(), TestPlans.migration().plays().get(0), "").build();
    SavedPlan saved = SavedPlan.read(save(TestPlans.plan(shorter)));

    assertThat(saved.mismatch(TestPlans.migrationPlan())).hasValueSatisfying(message -> assertThat(message)
        .startsWith("the plan's steps differ: the plan has " + shorter.order().size() + " steps and a run would now take "
            + TestPlans.migrationGraph().order().size() + ", from 2.1.node1 (Create the shared home on node1) on"));
  }

  @Test
  void namesTheStepsARunWouldNoLongerTake() {
    SavedPlan saved = SavedPlan.read(save(TestPlans.migrationPlan()));
    TaskGraph shorter = TaskGraphBuilder.on(TestPlans.inventory("node1", "node2"))
        .add(TestPlans.migration(), TestPlans.migration().plays().get(0), "").build();

    assertThat(saved.mismatch(TestPlans.plan(shorter))).hasValue("the plan's steps differ: the plan has "
        + TestPlans.migrationGraph().order().size() + " steps and a run would now take " + shorter.order().size()
        + ", without 2.1.node1 (Create the shared home on node1) and what follows it");
  }

  @Test
  void refusesAFileThatIsNotJson() throws IOException {
    Path file = directory.resolve("plan.json");
    Files.writeString(file, "{\n  \"format\": 1,\n  oops\n}\n");

    assertThatThrownBy(() -> SavedPlan.read(file)).isInstanceOfSatisfying(InvalidFileException.class, e -> {
      assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
      assertThat(e.diagnostics()).singleElement().satisfies(d -> assertThat(d.position().line()).isEqualTo(3));
    }).hasMessageStartingWith(file + ":3:").hasMessageContaining("not a saved plan: this is not JSON");
  }

  @Test
  void refusesJsonThatIsNotAPlan() throws IOException {
    Path file = directory.resolve("cluster.json");
    Files.writeString(file, "{\"cluster\": {\"name\": \"wiki\"}}");

    assertThatThrownBy(() -> SavedPlan.read(file)).isInstanceOf(InvalidFileException.class)
        .hasMessage(file + ":1:1: error: not a plan saved by `orchestrate plan --out`: it has no \"format\" key "
            + "(make the plan again with `orchestrate plan FILE --out PLAN`)");
  }

  @Test
  void refusesAnotherFormatVersion() throws IOException {
    Path file = directory.resolve("plan.json");
    Files.writeString(file, PlanWriter.json(TestPlans.migrationPlan()).replace("\"format\": 1,", "\"format\": 2,"));

    assertThatThrownBy(() -> SavedPlan.read(file)).isInstanceOf(InvalidFileException.class)
        .hasMessageContaining("this plan is in format 2; this orchestrate reads format 1 only");
  }

  @Test
  void reportsEveryMissingPartAtOnce() throws IOException {
    Path file = directory.resolve("plan.json");
    Files.writeString(file, "{\"format\": 1, \"created\": \"yesterday\", \"digests\": {\"topology\": \"t\"}, "
        + "\"vertices\": [{\"id\": \"1.1.node1\", \"kind\": \"task\", \"title\": \"Stop\"}, {\"kind\": \"gate\"}]}");

    assertThatThrownBy(() -> SavedPlan.read(file)).isInstanceOfSatisfying(InvalidFileException.class, e ->
        assertThat(e.diagnostics()).extracting(d -> d.message()).containsExactlyInAnyOrder(
            "/cluster is missing or not a non-empty string",
            "/created is not an ISO-8601 instant: 'yesterday'",
            "/digests/facts is missing or not a non-empty string",
            "/vertices/0/node is missing or not a non-empty string",
            "/vertices/1/id is missing or not a non-empty string",
            "/vertices/1/title is missing or not a non-empty string",
            "/vertices/1/kind is 'gate', not one of task, task_gate, batch_gate"));
  }

  @Test
  void reportsAFileItCannotRead() {
    Path file = directory.resolve("nowhere.json");

    assertThatThrownBy(() -> SavedPlan.read(file))
        .isInstanceOfSatisfying(OrchestrateException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessage("cannot read the plan " + file + ": no such file or directory");
  }

  private Path save(Plan plan) {
    Path file = directory.resolve("plan-" + System.nanoTime() + ".json");
    SavedPlan.write(plan, file);
    return file;
  }

  private static Plan withDigests(String topology, String facts) {
    return new Plan("wiki", topology, facts, TestPlans.CREATED, List.of(), TestPlans.migrationGraph());
  }
}
