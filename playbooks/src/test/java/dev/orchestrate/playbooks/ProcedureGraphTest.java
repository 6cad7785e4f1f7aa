package dev.orchestrate.playbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Golden graphs: each procedure compiled over 1, 2, 3 and 8 nodes, checked by the orderings that
 * keep a cluster alive rather than by a frozen dump, so they fail when a rule is broken and not
 * when a task is renamed elsewhere.
 */
class ProcedureGraphTest {
  @TempDir
  Path dir;

  private final Templar templar = Templar.create(new Environment(java.util.Map.of(), Path.of("."), "tester"), Path.of("."));
  private final Compiler compiler = Compiler.create(BuiltInPlaybooks.create(), templar);

  private static Vertex find(TaskGraph graph, String phase, String task, String node) {
    return graph.tasks().stream()
        .filter(v -> v.node().equals(node) && graph.phase(v).name().equals(phase) && graph.task(v).title().equals(task))
        .findFirst().orElseThrow(() -> new AssertionError("no '" + task + "' of phase '" + phase + "' on " + node));
  }

  private static List<Vertex> all(TaskGraph graph, String task) {
    return graph.tasks().stream().filter(v -> graph.task(v).title().equals(task)).toList();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 8})
  void serverToDataCenterKeepsTheSeedsOrder(int size) {
    Topology topology = Hosts.topology(dir, size, "datacenter");
    Compilation compilation = compiler.compile(topology, Hosts.serverOnFirst(topology));
    TaskGraph graph = compilation.graph();
    assertThat(compilation.procedures()).containsExactly(Procedure.SERVER_TO_DATACENTER);

    Vertex backup = find(graph, "Back up the stopped Server node", "Back up the local home (attachments, confluence.cfg.xml, shared-home)", "node1");
    Vertex stop = find(graph, "Stop the Server node", "Stop Confluence", "node1");
    Vertex createShared = find(graph, "Make the first node a Data Center node", "Create the shared home, owned by the user Confluence runs as", "node1");
    Vertex moveShared = find(graph, "Make the first node a Data Center node", "Move the contents of <local home>/shared-home into the shared home", "node1");
    Vertex moveAttachments = find(graph, "Make the first node a Data Center node", "Move the attachments into the shared home", "node1");
    Vertex license = find(graph, "Make the first node a Data Center node", "Put the Data Center license in", "node1");
    Vertex firstStart = find(graph, "Start the first node alone", "Start Confluence and wait for RUNNING", "node1");
    // A running node writes its log and index without pause: the backup is made once it stopped.
    // Nothing is changed before the verified backup; nothing is edited while Confluence runs.
    assertThat(graph.happensBefore(stop, backup)).isTrue();
    assertThat(graph.happensBefore(backup, license)).isTrue();
    assertThat(graph.happensBefore(backup, createShared)).isTrue();
    assertThat(graph.happensBefore(stop, license)).isTrue();
    assertThat(graph.happensBefore(stop, moveShared)).isTrue();
    assertThat(graph.happensBefore(moveShared, moveAttachments)).isTrue();
    // Nothing starts clustered before the shared home holds config/.
    for (Vertex start : all(graph, "Start Confluence and wait for RUNNING")) {
      assertThat(graph.happensBefore(moveShared, start)).as(start.id()).isTrue();
    }
    List<Node> others = topology.others();
    for (Node other : others) {
      Vertex stopForCopy = find(graph, "Start the first node alone", "Stop it again so it can be copied consistently", "node1");
      Vertex install = find(graph, "Copy Confluence to the new nodes", "Copy the installation directory", other.name());
      Vertex home = find(graph, "Copy Confluence to the new nodes", "Copy the local home", other.name());
      Vertex fix = find(graph, "Copy Confluence to the new nodes", "Point confluence.home at this node's local home", other.name());
      // Copy only from a stopped node: after the first node's stop, before it starts again.
      assertThat(graph.happensBefore(firstStart, stopForCopy)).isTrue();
      assertThat(graph.happensBefore(stopForCopy, install)).isTrue();
      assertThat(graph.happensBefore(install, home)).isTrue();
      assertThat(graph.happensBefore(home, fix)).isTrue();
      assertThat(graph.happensBefore(fix, find(graph, "Start every node, one at a time",
          "Start Confluence and wait for RUNNING", "node1"))).isTrue();
    }
    // Node N+1 starts only after node N is RUNNING.
    for (int k = 1; k < size; k++) {
      Vertex before = find(graph, "Start every node, one at a time", "Start Confluence and wait for RUNNING", "node" + k);
      Vertex after = find(graph, "Start every node, one at a time", "Start Confluence and wait for RUNNING", "node" + (k + 1));
      assertThat(graph.happensBefore(before, after)).as("node%d before node%d", k, k + 1).isTrue();
      assertThat(graph.happensBefore(after, before)).isFalse();
    }
    // The copies to different nodes run side by side.
    if (size >= 3) {
      assertThat(graph.happensBefore(
          find(graph, "Copy Confluence to the new nodes", "Copy the local home", "node2"),
          find(graph, "Copy Confluence to the new nodes", "Copy the installation directory", "node3"))).isFalse();
    }
    if (size == 1) {
      assertThat(graph.tasks()).noneMatch(v -> graph.task(v).module().equals("sync"));
      assertThat(all(graph, "Stop it again so it can be copied consistently")).isEmpty();
    }
    // Conditions known before the run leave out what cannot happen: tcp_ip here, so no multicast keys.
    assertThat(all(graph, "Set the multicast group (multicast)")).isEmpty();
    assertThat(all(graph, "List every node as a peer (tcp_ip)")).extracting(Vertex::node).containsExactly("node1");
    assertThat(graph.reasons().get("node1")).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 8})
  void addNodesUpdatesPeersOneNodeAtATimeAndCopiesFromAStoppedNode(int size) {
    Topology topology = Hosts.topology(dir, size, "datacenter");
    List<String> oldPeers = topology.nodes().subList(0, size - 1).stream().map(Node::host).toList();
    Compilation compilation = compiler.compile(topology, Hosts.clusterOf(topology, size - 1, oldPeers));
    TaskGraph graph = compilation.graph();
    assertThat(compilation.procedures()).containsExactly(Procedure.ADD_NODES);
    String newcomer = "node" + size;
    Vertex stopSource = find(graph, "Stop the first node and update its peers", "Stop Confluence", "node1");
    Vertex copy = find(graph, "Copy Confluence to the new nodes", "Copy the local home", newcomer);
    Vertex startSource = find(graph, "Start the first node, then each new node, one at a time",
        "Start Confluence and wait for RUNNING", "node1");
    Vertex startNew = find(graph, "Start the first node, then each new node, one at a time",
        "Start Confluence and wait for RUNNING", newcomer);
    assertThat(graph.happensBefore(stopSource, copy)).isTrue();
    assertThat(graph.happensBefore(copy, startSource)).isTrue();
    assertThat(graph.happensBefore(startSource, startNew)).isTrue();
    for (int k = 2; k < size - 1; k++) {
      Vertex startK = find(graph, "Update the peers of the other cluster nodes, one at a time",
          "Start Confluence and wait for RUNNING", "node" + k);
      Vertex stopNext = find(graph, "Update the peers of the other cluster nodes, one at a time", "Stop Confluence",
          "node" + (k + 1));
      assertThat(graph.happensBefore(startK, stopNext)).as("node%d back before node%d stops", k, k + 1).isTrue();
    }
    assertThat(graph.tasks()).noneMatch(v -> v.node().equals(newcomer) && graph.task(v).title().equals("Stop Confluence"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 8})
  void backToServerStopsEveryNodeBeforeTouchingTheHomes(int size) {
    Topology topology = Hosts.topology(dir, size, "server");
    List<String> peers = topology.nodes().stream().map(Node::host).toList();
    Compilation compilation = compiler.compile(topology, Hosts.clusterOf(topology, size, peers));
    TaskGraph graph = compilation.graph();
    assertThat(compilation.procedures()).containsExactly(Procedure.DATACENTER_TO_SERVER);
    Vertex moveConfig = find(graph, "Make the first node a Server installation", "Move config/ back into <local home>/shared-home", "node1");
    Vertex moveRest = find(graph, "Make the first node a Server installation", "Move the rest of the shared home into the local home", "node1");
    Vertex start = find(graph, "Start the Server node", "Start Confluence and wait for RUNNING", "node1");
    for (Node node : topology.nodes()) {
      assertThat(graph.happensBefore(find(graph, "Stop every node", "Stop Confluence", node.name()), moveConfig)).isTrue();
    }
    assertThat(graph.happensBefore(moveConfig, moveRest)).isTrue();
    assertThat(graph.happensBefore(moveRest, start)).isTrue();
    assertThat(all(graph, "Start Confluence and wait for RUNNING")).extracting(Vertex::node).containsExactly("node1");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 8})
  void rollingRestartTakesOneNodeAtATime(int size) {
    Topology topology = Hosts.topology(dir, size, "datacenter");
    TaskGraph graph = dev.orchestrate.core.graph.TaskGraphBuilder
        .on(Compiler.inventory(topology, null))
        .add(BuiltInPlaybooks.create().playbook("rolling-restart"), "asked for").build();
    List<Vertex> restarts = all(graph, "Restart Confluence and wait for RUNNING");
    assertThat(restarts).extracting(Vertex::node).containsExactlyElementsOf(topology.nodes().stream().map(Node::name).toList());
    for (int k = 1; k < restarts.size(); k++) {
      assertThat(graph.happensBefore(restarts.get(k - 1), restarts.get(k))).isTrue();
    }
  }

  @Test
  void rollingRestartDrainsEachNodeAtHaproxyFirstAndPutsItBackBeforeTheNext() {
    Topology topology = Hosts.topology(dir, 3, "datacenter", """
        loadBalancer:
          url: http://wiki.example.com
          kind: haproxy
          admin: {host: 10.0.0.5, runtimeApi: /run/haproxy/admin.sock, drainTimeout: 90s}
        """);
    dev.orchestrate.core.playbook.Inventory inventory = Compiler.inventory(topology, null);
    TaskGraph graph = dev.orchestrate.core.graph.TaskGraphBuilder.on(inventory)
        .skipping(dev.orchestrate.core.compiler.KnownConditions.of(inventory, templar))
        .add(BuiltInPlaybooks.create().playbook("rolling-restart"), "asked for").build();
    String drain = "Drain the node at the load balancer, then take it out of service";
    String restart = "Restart Confluence and wait for RUNNING";
    String back = "Put the node back into the load balancer once its health check passes";
    Vertex previous = null;
    for (Node node : topology.nodes()) {
      Vertex drained = find(graph, "Restart each node in turn", drain, node.name());
      Vertex restarted = find(graph, "Restart each node in turn", restart, node.name());
      Vertex returned = find(graph, "Restart each node in turn", back, node.name());
      assertThat(graph.happensBefore(drained, restarted)).isTrue();
      assertThat(graph.happensBefore(restarted, returned)).isTrue();
      if (previous != null) {
        // The next node is drained only once the one before is back in service.
        assertThat(graph.happensBefore(previous, drained)).isTrue();
      }
      assertThat(graph.task(drained).delegateTo()).contains("loadbalancer");
      previous = returned;
    }

    Topology withoutAdmin = Hosts.topology(dir, 3, "datacenter", """
        loadBalancer: {url: http://wiki.example.com, kind: nginx}
        """);
    dev.orchestrate.core.playbook.Inventory plain = Compiler.inventory(withoutAdmin, null);
    TaskGraph unmanaged = dev.orchestrate.core.graph.TaskGraphBuilder.on(plain)
        .skipping(dev.orchestrate.core.compiler.KnownConditions.of(plain, templar))
        .add(BuiltInPlaybooks.create().playbook("rolling-restart"), "asked for").build();
    assertThat(unmanaged.tasks()).extracting(v -> unmanaged.task(v).title()).containsOnly(restart);
  }

  @Test
  void hostsThatAlreadyMatchCompileToAnEmptyGraph() {
    Topology topology = Hosts.topology(dir, 3, "datacenter");
    Facts facts = Hosts.clusterOf(topology, 3, topology.nodes().stream().map(Node::host).toList());
    Compilation compilation = compiler.compile(topology, facts);
    assertThat(compilation.graph().isEmpty()).isTrue();
    assertThat(compilation.procedures()).isEmpty();
    Topology server = Hosts.topology(dir, 2, "server");
    assertThat(compiler.compile(server, Hosts.serverOnFirst(server)).graph().isEmpty()).isTrue();
  }

  @Test
  void aStoppedClusterNodeIsStartedAndOnlyIt() {
    Topology topology = Hosts.topology(dir, 3, "datacenter");
    Facts facts = Hosts.withStopped(Hosts.clusterOf(topology, 3, topology.nodes().stream().map(Node::host).toList()),
        "node2");
    Compilation compilation = compiler.compile(topology, facts);
    assertThat(compilation.procedures()).containsExactly(Procedure.START_NODES);
    assertThat(compilation.graph().tasks()).extracting(Vertex::node).containsExactly("node2");
    assertThat(compilation.graph().reasons().get("node2")).anyMatch(r -> r.contains("is stopped: started"));
  }

  @Test
  void refusesToCopyOverAnInstallationThatIsNotInTheCluster() {
    Topology topology = Hosts.topology(dir, 2, "datacenter");
    Facts facts = new Facts(java.util.Map.of("node1", Hosts.server("node1"), "node2", Hosts.server("node2")));
    assertThatThrownBy(() -> compiler.compile(topology, facts)).isInstanceOf(OrchestrateException.class)
        .hasMessageContaining("node2 already has Confluence");
  }

  @Test
  void aThousandNodesCompileQuickly() {
    Topology topology = Hosts.topology(dir, 1000, "datacenter");
    Facts facts = Hosts.serverOnFirst(topology);
    compiler.compile(topology, facts);
    long start = System.nanoTime();
    TaskGraph graph = compiler.compile(topology, facts).graph();
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(graph.tasks().size()).isGreaterThan(3000);
    // Not a timing assertion (benchmarks/ measures that): a bound loose enough to catch a quadratic blow-up only.
    assertThat(millis).isLessThan(20_000);
  }
}
