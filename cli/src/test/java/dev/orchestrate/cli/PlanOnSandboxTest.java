package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrate.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code orchestrate plan} on a three-host sandbox with Confluence Server on the first: the whole
 * migration shown, in every format, and the hosts left exactly as they were.
 */
class PlanOnSandboxTest {
  @TempDir
  static Path dir;

  private static Sandbox.Status sandbox;
  private static String yaml;

  @BeforeAll
  static void up() {
    sandbox = Sandbox.up(Sandbox.Options.defaults().withDir(dir.resolve("sandbox")).withNodes(3).withAttachmentsMb(1)
        .withFirstAddress("127.0.1.111").withStartDelay(Duration.ofMillis(200)));
    yaml = sandbox.layout().clusterYaml().toString();
  }

  @AfterAll
  static void down() {
    Sandbox.down(dir.resolve("sandbox"));
  }

  @Test
  void textShowsTheWholeMigrationPhaseByPhase() {
    CliTest.Run plan = CliTest.run("plan", yaml);

    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("node1 runs Confluence Server", "runs as ", "Back up the stopped Server node",
        "Make the first node a Data Center node", "Copy Confluence to the new nodes", "Start every node, one at a time",
        "node2", "node3");
    assertThat(plan.out().indexOf("Back up the stopped Server node")).isLessThan(plan.out().indexOf("Copy Confluence to the new nodes"));
    // Reading facts changed nothing: node1 still serves, nodes 2 and 3 are still bare.
    assertThat(Sandbox.confluenceState("127.0.1.111", 8090)).isEqualTo("RUNNING");
    assertThat(sandbox.layout().installDir(2)).doesNotExist();
  }

  @Test
  void jsonListsEveryTaskWithItsNodeAndDependencies() throws Exception {
    CliTest.Run plan = CliTest.run("plan", yaml, "--format", "json");

    assertThat(plan.exitCode()).as(plan.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(plan.out());
    Set<String> ids = new HashSet<>();
    List<JsonNode> tasks = new ArrayList<>();
    json.path("vertices").forEach(v -> {
      ids.add(v.path("id").asText());
      if (v.path("kind").asText().equals("task")) {
        tasks.add(v);
      }
    });
    assertThat(tasks).hasSizeGreaterThan(20);
    for (JsonNode task : tasks) {
      assertThat(task.path("node").asText()).isIn("node1", "node2", "node3");
      task.path("after").forEach(after -> assertThat(ids).contains(after.asText()));
    }
    assertThat(tasks).anyMatch(t -> t.path("module").asText().equals("sync") && t.path("node").asText().equals("node3"));
    assertThat(json.path("changes").asBoolean()).isTrue();
  }

  @Test
  void dotRendersWithGraphviz() throws Exception {
    CliTest.Run plan = CliTest.run("plan", yaml, "--format", "dot");

    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out()).startsWith("digraph");
    Path dot = Path.of("/usr/bin/dot");
    if (System.getenv("CI") == null) {
      org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(dot), "skipped outside CI: Graphviz is not installed");
    }
    Path source = dir.resolve("plan.dot");
    Files.writeString(source, plan.out());
    Process render = new ProcessBuilder(dot.toString(), "-Tsvg", "-o", dir.resolve("plan.svg").toString(), source.toString())
        .redirectErrorStream(true).start();
    String output = new String(render.getInputStream().readAllBytes());
    assertThat(render.waitFor()).as(output).isZero();
    assertThat(Files.readString(dir.resolve("plan.svg"))).contains("<svg", "node3");
  }

  @Test
  void mermaidDetailedExitCodeAndASavedPlan() throws Exception {
    assertThat(CliTest.run("plan", yaml, "--format", "mermaid").out()).startsWith("flowchart");
    Path saved = dir.resolve("migration.plan");
    CliTest.Run plan = CliTest.run("plan", yaml, "--detailed-exitcode", "--out", saved.toString());

    assertThat(plan.exitCode()).as(plan.err()).isEqualTo(2);
    assertThat(new ObjectMapper().readTree(saved.toFile()).path("digests").path("facts").asText()).hasSize(64);
    assertThat(plan.err()).contains("Saved the plan to " + saved);
  }
}
