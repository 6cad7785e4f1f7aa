package dev.orchestrate.core.facts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrate.core.compiler.Compiler;
import dev.orchestrate.core.diagnostic.SourcePosition;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.plan.Plan;
import dev.orchestrate.core.plan.PlanWriter;
import dev.orchestrate.core.playbook.Play;
import dev.orchestrate.core.playbook.Playbook;
import dev.orchestrate.core.playbook.Task;
import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Topology;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The plan says, for each node with an installation, who Confluence runs as there (what the
 * procedures create goes to that user), and says so when nobody can tell.
 */
class RunsAsInPlanTest {
  private final Topology topology = TestTopologies.threeNodes();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "user.sh         | confluence | user.sh | runs as confluence:confluence (from bin/user.sh)",
      "the local home  | confluence | local_home | runs as confluence:confluence (the local home's owner)",
      "nothing         | ''         | ''      | the user Confluence runs as is unknown: bin/user.sh names none"})
  void eachNodeWithAnInstallationSaysWhoConfluenceRunsAs(String from, String user, String source, String said)
      throws Exception {
    String server = ScriptOutputs.with(ScriptOutputs.with(ScriptOutputs.SERVER, "service_user", user),
        "service_user_from", source);

    Plan plan = plan(server);

    List<String> lines = PlanWriter.text(plan).lines().toList();
    assertThat(lines.subList(lines.indexOf("What changes on each node:"), lines.size()))
        .anyMatch(line -> line.startsWith("  node1  " + said))
        .noneMatch(line -> line.startsWith("  node2  runs as") || line.startsWith("  node2  the user"));
    JsonNode reasons = new ObjectMapper().readTree(PlanWriter.json(plan)).get("reasons");
    assertThat(reasons.get("node1").toString()).contains(said);
    assertThat(reasons.get("node2").toString()).doesNotContain("runs as");
  }

  private Plan plan(String firstNode) {
    Map<String, NodeFacts> nodes = new LinkedHashMap<>();
    nodes.put("node1", FactParser.parse("node1", firstNode));
    nodes.put("node2", FactParser.parse("node2", ScriptOutputs.BARE));
    nodes.put("node3", FactParser.parse("node3", ScriptOutputs.BARE));
    Facts facts = new Facts(nodes);
    Compiler compiler = Compiler.create(name -> procedure(name),
        Templar.create(new Environment(Map.of(), Path.of("/nonexistent-home"), "tester"), Path.of(".")));
    TaskGraph graph = compiler.compile(topology, facts).graph();
    return new Plan("wiki", "topology", facts.digest(), Instant.EPOCH, List.of(), graph);
  }

  /** Every procedure as one task on every node: the tasks are not what is tested. */
  private static Playbook procedure(String name) {
    Task task = Task.builder("Look", "command").arguments(Map.of("cmd", "true")).build();
    Play play = new Play("Look at every node", SourcePosition.START, "all", List.of(), Map.of(), List.of(task), false,
        OptionalDouble.empty(), "linear");
    return new Playbook(Path.of(name + ".yaml"), name, List.of(play));
  }
}
