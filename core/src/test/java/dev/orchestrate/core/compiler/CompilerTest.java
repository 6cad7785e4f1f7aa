package dev.orchestrate.core.compiler;

import static dev.orchestrate.core.compiler.Found.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.diagnostic.SourcePosition;
import dev.orchestrate.core.facts.Facts;
import dev.orchestrate.core.facts.NodeFacts;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.graph.Vertex;
import dev.orchestrate.core.playbook.Play;
import dev.orchestrate.core.playbook.Playbook;
import dev.orchestrate.core.playbook.Task;
import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.topology.TestClusters;
import dev.orchestrate.core.topology.Topology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The compiler's choice of procedures from the facts, with a library of its own: each procedure a
 * one-task playbook on the group it serves, so the graph shows which nodes each procedure got.
 */
class CompilerTest {
  private static final String DIGEST_A = "a".repeat(64);
  private static final String DIGEST_B = "b".repeat(64);

  private final List<String> asked = new ArrayList<>();
  private final PlaybookLibrary library = name -> {
    asked.add(name);
    String hosts = switch (name) {
      case "server-to-datacenter" -> "all";
      case "add-nodes" -> "new_nodes";
      case "datacenter-to-server" -> "first";
      case "stop-nodes" -> "running_others";
      case "start-nodes" -> "stopped_nodes";
      default -> throw new IllegalArgumentException("no playbook " + name);
    };
    Task task = Task.builder(name, "command").build();
    Task firstOnly = Task.builder("only on the first node", "command")
        .when(List.of("inventory_hostname in groups['first']")).build();
    return new Playbook(Path.of(name + ".yaml"), name, List.of(new Play(name, SourcePosition.START, hosts, List.of(1),
        Map.of(), List.of(task, firstOnly), false, OptionalDouble.empty(), "linear")));
  };
  private final Compiler compiler = Compiler.create(library,
      Templar.create(TestClusters.environment(Path.of("/nonexistent-home")), Path.of(".")));

  private static final Topology DATACENTER = TestClusters.threeNodes();
  private static final Topology SERVER = TestClusters.load(TestClusters.THREE_NODES.replace("name: wiki\n",
      "name: wiki\n  edition: server\n"));

  /** Per task vertex in graph order: procedure and node. */
  private static List<String> tasks(TaskGraph graph) {
    return graph.tasks().stream().map(v -> graph.task(v).name() + "@" + v.node()).toList();
  }

  private static ThrowingCallable refused(Compiler compiler, Topology topology, Facts facts) {
    return () -> compiler.compile(topology, facts);
  }

  @Test
  void aClusterThatMatchesGivesAnEmptyGraph() {
    Compilation compilation = compiler.compile(DATACENTER, Found.facts(node("node1"), node("node2"), node("node3")));

    assertThat(compilation.procedures()).isEmpty();
    assertThat(compilation.hasChanges()).isFalse();
    assertThat(compilation.graph().order()).isEmpty();
    assertThat(compilation.decisions()).isEmpty();
    assertThat(asked).isEmpty();
  }

  @Test
  void aServerWithEmptyNodesBecomesADataCenterCluster() {
    Compilation compilation = compiler.compile(DATACENTER, Found.facts(node("node1").server(), node("node2").empty(),
        node("node3").empty()));

    assertThat(compilation.procedures()).containsExactly(Procedure.SERVER_TO_DATACENTER);
    assertThat(asked).containsExactly("server-to-datacenter");
    assertThat(compilation.decisions()).singleElement().asString()
        .startsWith("node1 runs Confluence Server (not clustered); cluster.yaml asks for Data Center cluster 'wiki' of 3");
    assertThat(compilation.inventory().groups().get("new_nodes")).containsExactly("node2", "node3");
    assertThat(tasks(compilation.graph())).as("serial 1 over every node; the first-only task pruned elsewhere")
        .containsExactly("server-to-datacenter@node1", "only on the first node@node1", "server-to-datacenter@node2",
            "server-to-datacenter@node3");
    assertThat(compilation.graph().reasons().get("node2")).anyMatch(r -> r.startsWith("no Confluence at "
        + "/opt/atlassian/confluence: install dir and local home will be copied from node1 while it is stopped"));
    assertThat(compilation.graph().reasons().get("node1")).anyMatch(r -> r.contains("shared home created at "
        + "/media/shared"));
    assertThat(compilation.graph().phases()).singleElement().extracting(p -> p.why())
        .isEqualTo(compilation.decisions().get(0));
  }

  @Test
  void aNewNodeOfARunningClusterIsAdded() {
    Found halfCopied = node("node3").empty();
    halfCopied.installed = true;

    Compilation compilation = compiler.compile(DATACENTER, Found.facts(node("node1"), node("node2"), halfCopied));

    assertThat(compilation.procedures()).containsExactly(Procedure.ADD_NODES);
    assertThat(compilation.decisions()).containsExactly("cluster 'wiki' runs on node1, node2; cluster.yaml adds node3");
    assertThat(tasks(compilation.graph())).containsExactly("add-nodes@node3");
    assertThat(compilation.graph().reasons().get("node3")).anyMatch(r -> r.startsWith("has an installation at "
        + "/opt/atlassian/confluence but no local home"));
    assertThat(compilation.graph().reasons().get("node1")).anyMatch(r -> r.startsWith("is RUNNING; its peers and "
        + "license will be those of cluster.yaml"));
  }

  @Test
  void stalePeersAndAnotherLicenseEachCallForAddNodes() {
    Found stale = node("node2");
    stale.peers = List.of("10.0.0.11", "10.0.0.12");
    Found licensed = node("node3");
    licensed.licenseDigest = Optional.of(DIGEST_B);
    Found current = node("node1");
    current.licenseDigest = Optional.of(DIGEST_A);
    Facts facts = Found.facts(current, stale, licensed);

    Compilation compilation = compiler.withLicenseDigest(Optional.of(DIGEST_A)).compile(DATACENTER, facts);

    assertThat(compilation.procedures()).containsExactly(Procedure.ADD_NODES);
    assertThat(compilation.decisions()).containsExactly(
        "node2's confluence.cluster.peers does not list every node of cluster.yaml",
        "node3's license (atlassian.license.message) is not the one cluster.yaml names");
    assertThat(compiler.compile(DATACENTER, Found.facts(node("node1"), node("node2"), licensed)).procedures())
        .as("without the license's digest licenses are not compared").isEmpty();
  }

  @Test
  void stoppedClusterNodesAreStartedOneAtATimeAStartingOneFirst() {
    Compilation compilation = compiler.compile(DATACENTER, Found.facts(node("node1").stopped(), node("node2"),
        node("node3").state("STARTING")));

    assertThat(compilation.procedures()).containsExactly(Procedure.START_NODES);
    assertThat(compilation.inventory().groups().get("stopped_nodes")).containsExactly("node3", "node1");
    TaskGraph graph = compilation.graph();
    List<Vertex> starts = graph.tasks().stream().filter(v -> graph.task(v).name().equals("start-nodes")).toList();
    assertThat(starts).extracting(Vertex::node).containsExactly("node3", "node1");
    assertThat(graph.happensBefore(starts.get(0), starts.get(1))).isTrue();
    assertThat(compilation.decisions()).containsExactly("cluster 'wiki': node3, node1 not serving; every node of "
        + "cluster.yaml should");
  }

  @Test
  void aServerTopologyTakesAClusterBackStopsOthersAndStartsTheServer() {
    assertThat(compiler.compile(SERVER, Found.facts(node("node1"), node("node2"), node("node3"))).procedures())
        .containsExactly(Procedure.DATACENTER_TO_SERVER);

    Compilation others = compiler.compile(SERVER, Found.facts(node("node1").server(), node("node2").server(),
        node("node3").server().stopped()));
    assertThat(others.procedures()).containsExactly(Procedure.STOP_NODES);
    assertThat(others.decisions()).containsExactly("node2 runs Confluence beside the Server node1; cluster.yaml asks "
        + "for Server alone");
    assertThat(tasks(others.graph())).containsExactly("stop-nodes@node2");

    Compilation both = compiler.compile(SERVER, Found.facts(node("node1").server().stopped(), node("node2").server()
        .state("STARTING"), node("node3").server().state("ERROR")));
    assertThat(both.procedures()).containsExactly(Procedure.STOP_NODES, Procedure.START_NODES);
    assertThat(both.inventory().groups().get("running_others")).containsExactly("node2", "node3");
    assertThat(tasks(both.graph())).containsExactly("stop-nodes@node2", "stop-nodes@node3", "start-nodes@node1",
        "only on the first node@node1");

    assertThat(compiler.compile(SERVER, Found.facts(node("node1").server(), node("node2").server().stopped(),
        node("node3").empty())).hasChanges()).isFalse();
  }

  @Test
  void statesNoProcedureStartsFromAreRefusedWithTheFix() {
    Found otherBuild = node("node2");
    otherBuild.build = Optional.of("8804");
    Found otherCluster = node("node3");
    otherCluster.clusterName = "intranet";
    Found homeOnly = node("node3").empty();
    homeOnly.home = true;

    assertRefused(DATACENTER, Found.facts(node("node1"), node("node2").server(), node("node3")),
        "node2 already has Confluence at /opt/atlassian/confluence but is not a node of the cluster", "stop it and move");
    assertRefused(DATACENTER, Found.facts(node("node1"), otherBuild, node("node3")),
        "node2 runs Confluence build 8804 and node1 build 9012");
    assertRefused(DATACENTER, Found.facts(node("node1"), node("node2"), otherCluster),
        "node3 is a node of cluster 'intranet' but cluster.yaml names 'wiki'");
    assertRefused(DATACENTER, Found.facts(node("node1"), node("node2"), homeOnly),
        "node3 has a local home at /var/atlassian/application-data/confluence but no installation");
    assertRefused(DATACENTER, Found.facts(node("node1").server(), node("node2").stopped(), node("node3").empty()),
        "node2 is a node of cluster 'wiki' while node1 is a Server installation");
    assertRefused(DATACENTER, Found.facts(node("node1").empty(), node("node2"), node("node3")),
        "node1 has no Confluence at /opt/atlassian/confluence");
    assertThat(asked).isEmpty();
  }

  private void assertRefused(Topology topology, Facts facts, String... message) {
    assertThatThrownBy(refused(compiler, topology, facts))
        .isInstanceOfSatisfying(OrchestrateException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .message().contains(message);
  }

  @Test
  void anUnreachableNodeStopsTheCompilationNamingIt() {
    Map<String, NodeFacts> nodes = new LinkedHashMap<>(Found.facts(node("node1"), node("node2"), node("node3")).nodes());
    nodes.put("node2", NodeFacts.unreachable("node2", "connection refused"));

    assertThatThrownBy(refused(compiler, DATACENTER, new Facts(nodes)))
        .isInstanceOfSatisfying(OrchestrateException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.UNREACHABLE))
        .hasMessage("node2 (10.0.0.12) could not be read: connection refused");
  }
}
