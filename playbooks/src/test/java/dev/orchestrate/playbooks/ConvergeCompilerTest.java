package dev.orchestrate.playbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.compiler.Compilation;
import dev.orchestrate.core.compiler.Compiler;
import dev.orchestrate.core.compiler.Procedure;
import dev.orchestrate.core.facts.Facts;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.graph.Vertex;
import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Node;
import dev.orchestrate.core.topology.Topology;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiler's decision for each node state of docs/converge.md, from facts as the facts script
 * reports them: what apply does, and what the plan says per node. The states are made for real,
 * and applied, in ConvergeFromAnyStateTest (sandbox) and ConvergeOnOpenSshTest.
 */
class ConvergeCompilerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DIGEST_A = "a".repeat(64);
  private static final String DIGEST_B = "b".repeat(64);

  @TempDir
  Path dir;

  private final Compiler compiler = Compiler.create(BuiltInPlaybooks.create(),
      Templar.create(new Environment(Map.of(), Path.of("."), "tester"), Path.of(".")));

  private Topology cluster;
  private Facts healthy;

  private void cluster(int nodes) {
    cluster = Hosts.topology(dir, nodes, "datacenter");
    healthy = Hosts.clusterOf(cluster, nodes, cluster.nodes().stream().map(Node::host).toList());
  }

  /** {@code facts} with the saved form of {@code node}'s facts changed by {@code change}. */
  private static Facts change(Facts facts, String node, Consumer<ObjectNode> change) {
    try {
      ObjectNode all = (ObjectNode) JSON.readTree(facts.toJson());
      ObjectNode one = (ObjectNode) (all.has("nodes") ? all.get("nodes") : all).get(node);
      change.accept(one);
      return Facts.fromJson(JSON.writeValueAsString(all));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Consumer<ObjectNode> state(String state, boolean pidAlive) {
    return node -> {
      if (state == null) {
        node.putNull("state");
      } else {
        node.put("state", state);
      }
      node.put("pid_alive", pidAlive);
    };
  }

  private static List<String> tasksOn(TaskGraph graph, String node) {
    return graph.tasks().stream().filter(v -> v.node().equals(node)).map(v -> graph.task(v).title()).toList();
  }

  @Test
  void aNodeInErrorIsRestartedAndThePlanShowsItsLastLoggedError() {
    cluster(3);
    Facts facts = change(healthy, "node3", state("ERROR", true).andThen(node -> node.put("last_error",
        "2026-12-02 01:00:00,000 ERROR [main] Cannot connect to the database: connection refused")));

    Compilation compilation = compiler.compile(cluster, facts);

    assertThat(compilation.procedures()).containsExactly(Procedure.START_NODES);
    assertThat(compilation.graph().tasks()).extracting(Vertex::node).containsExactly("node3");
    assertThat(compilation.graph().reasons().get("node3")).anyMatch(reason -> reason.contains(
        "is in ERROR (its log: 2026-12-02 01:00:00,000 ERROR [main] Cannot connect to the database") && reason.contains(
        "stopped and started again"));
  }

  @Test
  void aNodeStartingIsWaitedForAndComesBeforeAnyNodeToStart() {
    cluster(3);
    Facts facts = change(change(healthy, "node1", state(null, false)), "node3", state("STARTING", true));

    Compilation compilation = compiler.compile(cluster, facts);

    assertThat(compilation.procedures()).containsExactly(Procedure.START_NODES);
    assertThat(compilation.inventory().groups().get("stopped_nodes")).containsExactly("node3", "node1");
    TaskGraph graph = compilation.graph();
    List<Vertex> starts = graph.tasks();
    assertThat(starts).extracting(Vertex::node).containsExactly("node3", "node1");
    assertThat(graph.happensBefore(starts.get(0), starts.get(1))).isTrue();
    assertThat(graph.reasons().get("node3")).anyMatch(r -> r.contains("is STARTING: waited for until RUNNING, not "
        + "started a second time"));
    assertThat(graph.reasons().get("node1")).anyMatch(r -> r.contains("is stopped: started"));
  }

  @Test
  void aProcessThatDoesNotAnswerIsWaitedForAsAStartUnderWay() {
    cluster(2);
    Facts facts = change(healthy, "node2", state(null, true));

    Compilation compilation = compiler.compile(cluster, facts);

    assertThat(compilation.procedures()).containsExactly(Procedure.START_NODES);
    assertThat(compilation.graph().reasons().get("node2")).anyMatch(r -> r.contains("does not answer on /status yet")
        && r.contains("stop that process and apply again"));
  }

  @Test
  void theFirstNodeStoppedIsStartedFirst() {
    cluster(3);
    Facts facts = change(change(healthy, "node1", state(null, false)), "node2", state(null, false));

    Compilation compilation = compiler.compile(cluster, facts);

    assertThat(compilation.procedures()).containsExactly(Procedure.START_NODES);
    assertThat(compilation.graph().tasks()).extracting(Vertex::node).containsExactly("node1", "node2");
  }

  @Test
  void aClusterNodeOfAnotherBuildIsRefusedWithTheFix() {
    cluster(2);
    Facts facts = change(change(healthy, "node1", node -> node.put("build_number", "9012")), "node2",
        node -> node.put("build_number", "8804"));

    assertThatThrownBy(() -> compiler.compile(cluster, facts)).isInstanceOf(OrchestrateException.class)
        .hasMessageContaining("node2 runs Confluence build 8804 and node1 build 9012")
        .hasMessageContaining("upgrade them to one build");
  }

  @Test
  void aLocalHomeWithoutAnInstallationIsRefusedWithTheFix() {
    cluster(2);
    Facts facts = change(Hosts.clusterOf(cluster, 1, cluster.nodes().stream().map(Node::host).toList()), "node2",
        node -> node.put("home_exists", true));

    assertThatThrownBy(() -> compiler.compile(cluster, facts)).isInstanceOf(OrchestrateException.class)
        .hasMessageContaining("node2 has a local home at").hasMessageContaining("but no installation at")
        .hasMessageContaining(".old) and apply again");
  }

  @Test
  void anInstallationWithoutALocalHomeIsACopyToFinishNotARefusal() {
    cluster(3);
    List<String> hosts = cluster.nodes().stream().map(Node::host).toList();
    Facts facts = change(Hosts.clusterOf(cluster, 1, hosts), "node2", node -> node.put("installed", true));

    Compilation compilation = compiler.compile(cluster, facts);

    assertThat(compilation.procedures()).containsExactly(Procedure.ADD_NODES);
    assertThat(compilation.inventory().groups().get("new_nodes")).containsExactly("node2", "node3");
    assertThat(tasksOn(compilation.graph(), "node2")).contains("Copy the installation directory", "Copy the local home")
        .doesNotContain("Check that nothing is where the installation goes");
    assertThat(tasksOn(compilation.graph(), "node3")).contains("Check that nothing is where the installation goes");
    assertThat(compilation.graph().reasons().get("node2")).anyMatch(r -> r.contains("a copy cut off between the two")
        && r.contains("kept only if it is the same"));
  }

  @Test
  void theSameInstallationHalfCopiedBesideAServerIsFinishedByTheMigration() {
    Topology topology = Hosts.topology(dir, 2, "datacenter");
    Facts facts = change(Hosts.serverOnFirst(topology), "node2", node -> node.put("installed", true));

    Compilation compilation = compiler.compile(topology, facts);

    assertThat(compilation.procedures()).containsExactly(Procedure.SERVER_TO_DATACENTER);
    assertThat(compilation.inventory().groups().get("new_nodes")).containsExactly("node2");
  }

  @Test
  void aLicenseOnSomeNodesOnlyIsFinishedOneRestartAtATime() {
    cluster(3);
    Facts facts = healthy;
    for (String node : List.of("node1", "node2")) {
      facts = change(facts, node, n -> n.put("license_digest", DIGEST_A));
    }
    facts = change(facts, "node3", n -> n.put("license_digest", DIGEST_B));

    Compilation compilation = compiler.withLicenseDigest(Optional.of(DIGEST_A)).compile(cluster, facts);

    assertThat(compilation.procedures()).containsExactly(Procedure.ADD_NODES);
    assertThat(compilation.decisions()).anyMatch(d -> d.contains("node3's license (atlassian.license.message) is not "
        + "the one cluster.yaml names"));
    assertThat(tasksOn(compilation.graph(), "node3")).contains("Stop Confluence", "Put the Data Center license in",
        "Start Confluence and wait for RUNNING");
    assertThat(compiler.withLicenseDigest(Optional.of(DIGEST_A)).compile(cluster, change(facts, "node3",
        n -> n.put("license_digest", DIGEST_A))).graph().isEmpty()).isTrue();
    assertThat(compiler.compile(cluster, facts).graph().isEmpty()).as("not compared without the key").isTrue();
  }

  @Test
  void thePlanSaysWhatKeepsUsersAwayFromANodeThatStopsWhileOthersServe() {
    Topology nginx = Hosts.topology(dir, 3, "datacenter", """
        loadBalancer: {url: http://wiki.example.com, kind: nginx}
        """);
    List<String> twoNodes = nginx.nodes().subList(0, 2).stream().map(Node::host).toList();
    Compilation plain = compiler.compile(nginx, Hosts.clusterOf(nginx, 2, twoNodes));
    assertThat(plain.procedures()).containsExactly(Procedure.ADD_NODES);
    assertThat(plain.decisions()).contains("the load balancer (nginx) is not driven by orchestrate: nginx has no"
        + " runtime API it can use; while nodes stop and start, only its health checks keep users away from them");
    assertThat(tasksOn(plain.graph(), "node2")).doesNotContain(
        "Drain the node at the load balancer, then take it out of service");

    Topology haproxy = Hosts.topology(dir, 3, "datacenter", """
        loadBalancer:
          url: http://wiki.example.com
          kind: haproxy
          admin: {host: 10.0.0.5}
        """);
    Compilation drained = compiler.compile(haproxy, Hosts.clusterOf(haproxy, 2, twoNodes));
    assertThat(drained.decisions()).anyMatch(d -> d.contains("drains each serving node before it stops"));
    assertThat(tasksOn(drained.graph(), "node2")).containsSubsequence(
        "Drain the node at the load balancer, then take it out of service", "Stop Confluence",
        "Start Confluence and wait for RUNNING", "Put the node back into the load balancer once its health check passes");
    assertThat(tasksOn(drained.graph(), "node3")).contains(
        "Put the node into the load balancer once its health check passes");
  }

  @Test
  void backToServerStopsEveryOtherNodeStillRunningThenStartsTheServer() {
    Topology topology = Hosts.topology(dir, 3, "server");
    Facts facts = change(change(change(Hosts.serverOnFirst(topology), "node1", state(null, false)), "node2",
        node -> node.put("installed", true).put("home_exists", true).put("clustered", true).put("cluster_name", "wiki")
            .put("state", "RUNNING").put("pid_alive", true)), "node3", state(null, false));

    Compilation compilation = compiler.compile(topology, facts);

    assertThat(compilation.procedures()).containsExactly(Procedure.STOP_NODES, Procedure.START_NODES);
    TaskGraph graph = compilation.graph();
    Vertex stop = graph.tasks().stream().filter(v -> v.node().equals("node2")).findFirst().orElseThrow();
    Vertex start = graph.tasks().stream().filter(v -> v.node().equals("node1")).findFirst().orElseThrow();
    assertThat(graph.task(stop).title()).isEqualTo("Stop Confluence");
    assertThat(graph.happensBefore(stop, start)).as("never a Server and a cluster node on one database").isTrue();
    assertThat(graph.tasks()).extracting(Vertex::node).doesNotContain("node3");
    assertThat(graph.reasons().get("node2")).anyMatch(r -> r.contains("stopped before node1 is touched"));
  }

  @Test
  void aServerInErrorIsRestartedAndAServerServingAloneIsLeftAlone() {
    Topology topology = Hosts.topology(dir, 2, "server");
    Compilation compilation = compiler.compile(topology, change(Hosts.serverOnFirst(topology), "node1",
        state("ERROR", true)));
    assertThat(compilation.procedures()).containsExactly(Procedure.START_NODES);
    assertThat(compilation.graph().reasons().get("node1")).anyMatch(r -> r.contains("is in ERROR"));

    assertThat(compiler.compile(topology, Hosts.serverOnFirst(topology)).graph().isEmpty()).isTrue();
  }
}
