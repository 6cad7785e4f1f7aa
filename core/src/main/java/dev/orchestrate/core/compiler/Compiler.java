package dev.orchestrate.core.compiler;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.facts.Facts;
import dev.orchestrate.core.facts.NodeFacts;
import dev.orchestrate.core.graph.TaskGraphBuilder;
import dev.orchestrate.core.playbook.Inventory;
import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.topology.Discovery;
import dev.orchestrate.core.topology.LoadBalancer;
import dev.orchestrate.core.topology.Node;
import dev.orchestrate.core.topology.Topology;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the desired state (a topology) and what the hosts are (facts) into a task graph. It is
 * declarative: it compares the two, picks the procedures that close the difference, and gives an
 * empty graph when there is none. It refuses states it cannot reason about safely (Confluence
 * already on a node that is not part of the cluster, a cluster of another name) rather than
 * guessing.
 */
public final class Compiler {
  private final PlaybookLibrary library;
  private final Templar templar;

  private Compiler(PlaybookLibrary library, Templar templar) {
    this.library = library;
    this.templar = templar;
  }

  /** @param templar decides the conditions that can be known before the run (see {@link KnownConditions}) */
  public static Compiler create(PlaybookLibrary library, Templar templar) {
    return new Compiler(library, templar);
  }

  /**
   * The same compiler, comparing each cluster node's license with the one cluster.yaml names,
   * given as the SHA-256 (lower-case hex) of the key as it is written: a node whose key differs
   * is brought up to date, one restart at a time. Without it (the key cannot be read here, as in
   * a plan made without the secret) licenses are not compared.
   */
  public Compiler withLicenseDigest(Optional<String> digest) {
    Compiler compiler = new Compiler(library, templar);
    compiler.licenseDigest = digest;
    return compiler;
  }

  private Optional<String> licenseDigest = Optional.empty();

  /**
   * @throws OrchestrateException with exit code 4 when the hosts are in a state no procedure
   *     starts from, and 3 when a node could not be reached
   */
  public Compilation compile(Topology topology, Facts facts) {
    for (Node node : topology.nodes()) {
      NodeFacts found = facts.node(node.name());
      if (!found.reachable()) {
        throw new OrchestrateException(ExitCode.UNREACHABLE, node.name() + " (" + node.host() + ") could not be read: "
            + found.unreachableReason().orElse("unreachable"));
      }
    }
    Decisions decisions = new Decisions();
    Node first = topology.first();
    NodeFacts firstFacts = facts.node(first.name());
    if (!firstFacts.installed()) {
      throw refuse(first.name() + " has no Confluence at " + first.installDir() + "; orchestrate moves an existing "
          + "installation between Server and Data Center and does not install Confluence");
    }
    Map<String, NodeCondition> conditions = conditions(topology, facts);
    Inventory inventory = inventory(topology, facts, conditions);
    if (topology.isDataCenter()) {
      refuseWhatCannotJoin(topology, facts, conditions);
      toDataCenter(topology, facts, conditions, inventory, decisions);
    } else {
      toServer(topology, conditions, inventory, decisions);
    }
    if (!decisions.procedures.isEmpty()) {
      // What the procedures create must belong to the user Confluence runs as: the plan says who that is, or that
      // nobody can tell, before anything is created.
      topology.nodes().forEach(node -> facts.node(node.name()).runsAs().ifPresent(text -> decisions.note(node.name(),
          text)));
    }
    balancerNote(topology, decisions);
    TaskGraphBuilder builder = TaskGraphBuilder.on(inventory).skipping(KnownConditions.of(inventory, templar));
    for (Procedure procedure : decisions.procedures) {
      builder.add(library.playbook(procedure.playbook()), String.join("; ", decisions.why));
    }
    decisions.reasons.forEach((node, texts) -> texts.forEach(text -> builder.reason(node, text)));
    return new Compilation(List.copyOf(decisions.procedures), decisions.why, inventory, builder.build());
  }

  /**
   * What keeps users away from the nodes a run stops while others serve (the peers add-nodes
   * restarts, the nodes stop-nodes or the way back to Server stop): HAProxy told through its
   * runtime API when cluster.yaml gives it, else the balancer's health checks alone — said in the
   * plan either way.
   */
  private static void balancerNote(Topology topology, Decisions decisions) {
    boolean stopsServingNodes = decisions.procedures.contains(Procedure.ADD_NODES)
        || decisions.procedures.contains(Procedure.STOP_NODES)
        || decisions.procedures.contains(Procedure.DATACENTER_TO_SERVER);
    if (!stopsServingNodes || topology.loadBalancer().kind().isEmpty() && topology.loadBalancer().admin().isEmpty()) {
      return;
    }
    String kind = topology.loadBalancer().kind().map(LoadBalancer.Kind::yamlName).orElse("haproxy");
    if (topology.loadBalancer().admin().isPresent() && decisions.procedures.contains(Procedure.ADD_NODES)) {
      decisions.why.add("the load balancer (HAProxy, through its runtime API on " + topology.loadBalancer().admin()
          .get().host() + ") drains each serving node before it stops and takes it back once it is RUNNING");
    } else if (topology.loadBalancer().admin().isEmpty()) {
      decisions.why.add("the load balancer (" + kind + ") is not driven by orchestrate"
          + (kind.equals("haproxy") ? " (no loadBalancer.admin)" : ": " + kind + " has no runtime API it can use")
          + "; while nodes stop and start, only its health checks keep users away from them");
    }
  }

  /** cluster.yaml asks for Data Center: from a Server, or from a cluster in any state its nodes can be in. */
  private void toDataCenter(Topology topology, Facts facts, Map<String, NodeCondition> conditions, Inventory inventory,
      Decisions decisions) {
    Node first = topology.first();
    NodeCondition firstCondition = conditions.get(first.name());
    List<String> newNodes = inventory.groups().get("new_nodes");
    List<String> clusterNodes = inventory.groups().get("cluster_nodes");
    for (String node : newNodes) {
      Node wanted = topology.node(node).orElseThrow();
      decisions.note(node, conditions.get(node).disk() == NodeCondition.Disk.INSTALL_ONLY
          ? "has an installation at " + wanted.installDir() + " but no local home at " + wanted.localHome()
              + " (a copy cut off between the two): the installation is checked file by file against "
              + first.name() + "'s and kept only if it is the same, then the local home is copied"
          : "no Confluence at " + wanted.installDir() + ": install dir and local home will be copied from "
              + first.name() + " while it is stopped");
    }
    if (firstCondition.disk() != NodeCondition.Disk.CLUSTERED) {
      decisions.add(Procedure.SERVER_TO_DATACENTER, first.name() + " runs Confluence Server (not clustered); "
          + "cluster.yaml asks for Data Center cluster '" + topology.cluster().name() + "' of "
          + topology.nodes().size() + " node(s)");
      decisions.note(first.name(), "is " + firstCondition.describe() + "; becomes the first Data Center node: stopped, "
          + "backed up, licensed, shared home created at " + topology.confluence().sharedHome().orElseThrow()
          + ", clustering keys written, started alone");
      return;
    }
    List<String> stale = stalePeers(topology, facts, clusterNodes);
    List<String> unlicensed = licenseDigest.map(wanted -> clusterNodes.stream()
        .filter(n -> facts.node(n).licenseDigest().filter(found -> !found.equals(wanted)).isPresent()).toList())
        .orElse(List.of());
    if (!newNodes.isEmpty() || !stale.isEmpty() || !unlicensed.isEmpty()) {
      String cluster = "cluster '" + topology.cluster().name() + "'";
      if (!newNodes.isEmpty()) {
        decisions.add(Procedure.ADD_NODES, cluster + " runs on " + String.join(", ", clusterNodes)
            + "; cluster.yaml adds " + String.join(", ", newNodes));
      }
      stale.forEach(node -> decisions.add(Procedure.ADD_NODES, node + "'s confluence.cluster.peers does not list "
          + "every node of cluster.yaml"));
      unlicensed.forEach(node -> decisions.add(Procedure.ADD_NODES, node + "'s license (atlassian.license.message) "
          + "is not the one cluster.yaml names"));
      clusterNodes.forEach(node -> decisions.note(node, "is " + conditions.get(node).describe() + "; its peers and "
          + "license will be those of cluster.yaml; stopped and started again to read them, one node at a time"));
      return;
    }
    List<String> stopped = inventory.groups().get("stopped_nodes");
    if (!stopped.isEmpty()) {
      decisions.add(Procedure.START_NODES, "cluster '" + topology.cluster().name() + "': " + String.join(", ", stopped)
          + " not serving; every node of cluster.yaml should");
      stopped.forEach(node -> decisions.note(node, conditions.get(node).startDecision()));
    }
  }

  /**
   * cluster.yaml asks for Server: back from a cluster, or, once the first node is a Server, every
   * other node kept down (a Server and a cluster node on one database cause a cluster panic) and
   * the Server serving.
   */
  private static void toServer(Topology topology, Map<String, NodeCondition> conditions, Inventory inventory,
      Decisions decisions) {
    Node first = topology.first();
    if (conditions.get(first.name()).disk() == NodeCondition.Disk.CLUSTERED) {
      decisions.add(Procedure.DATACENTER_TO_SERVER, first.name() + " is a Data Center node; cluster.yaml asks for "
          + "Server");
      decisions.note(first.name(), "stays as the Server installation: Server license, shared home moved back into "
          + first.localHome() + ", clustering off");
      for (Node other : topology.others()) {
        decisions.note(other.name(), "stopped and left stopped (a second instance on the database would cause a "
            + "cluster panic)");
      }
      return;
    }
    List<String> running = inventory.groups().get("running_others");
    if (!running.isEmpty()) {
      decisions.add(Procedure.STOP_NODES, String.join(", ", running) + (running.size() == 1 ? " runs" : " run") + " Confluence beside the Server "
          + first.name() + "; cluster.yaml asks for Server alone");
      running.forEach(node -> decisions.note(node, "is " + conditions.get(node).describe() + ": stopped before "
          + first.name() + " is touched, and left stopped (a second instance on the Server's database causes a "
          + "cluster panic)"));
    }
    if (!inventory.groups().get("stopped_nodes").isEmpty()) {
      decisions.add(Procedure.START_NODES, "the Server " + first.name() + " is not serving");
      decisions.note(first.name(), conditions.get(first.name()).startDecision());
    }
  }

  /** The procedures chosen, why, and what each node will go through, in the order they were decided. */
  private static final class Decisions {
    final Set<Procedure> procedures = new java.util.LinkedHashSet<>();
    final List<String> why = new ArrayList<>();
    final Map<String, List<String>> reasons = new LinkedHashMap<>();

    void add(Procedure procedure, String reason) {
      procedures.add(procedure);
      why.add(reason);
    }

    void note(String node, String text) {
      reasons.computeIfAbsent(node, n -> new ArrayList<>()).add(text);
    }
  }

  /**
   * The inventory a playbook runs against: the topology's groups, and with facts the compiler's
   * own — {@code new_nodes} (nodes other than the first with nothing on them, or only an
   * installation: a copy cut off), {@code cluster_nodes} (nodes already clustered), {@code
   * stopped_nodes} (the nodes that should serve and do not: clustered ones for Data Center, the
   * first for Server) and {@code running_others} (nodes other than the first with a Confluence up)
   * — so a built-in procedure run by hand sees what {@code apply} would give it.
   */
  public static Inventory inventory(Topology topology, Facts facts) {
    return inventory(topology, facts, facts == null ? Map.of() : conditions(topology, facts));
  }

  /** Each node of the topology as the compiler reads it, in the topology's order. */
  private static Map<String, NodeCondition> conditions(Topology topology, Facts facts) {
    Map<String, NodeCondition> conditions = new LinkedHashMap<>();
    topology.nodes().forEach(node -> conditions.put(node.name(), NodeCondition.of(facts.node(node.name()))));
    return conditions;
  }

  private static Inventory inventory(Topology topology, Facts facts, Map<String, NodeCondition> conditions) {
    List<String> newNodes = new ArrayList<>();
    List<String> clusterNodes = new ArrayList<>();
    List<String> stoppedNodes = new ArrayList<>();
    List<String> runningOthers = new ArrayList<>();
    if (facts != null) {
      for (Node node : topology.nodes()) {
        NodeCondition condition = conditions.get(node.name());
        boolean first = node == topology.first();
        switch (condition.disk()) {
          case CLUSTERED -> clusterNodes.add(node.name());
          case EMPTY, INSTALL_ONLY -> {
            if (!first) {
              newNodes.add(node.name());
            }
          }
          default -> { }
        }
        if (topology.isDataCenter() ? condition.disk() == NodeCondition.Disk.CLUSTERED && !condition.running()
            : first && condition.disk() == NodeCondition.Disk.SERVER && !condition.running()) {
          stoppedNodes.add(node.name());
        }
        if (!first && condition.up()) {
          runningOthers.add(node.name());
        }
      }
    }
    // One node starting at a time: a node found on its way up is waited for before any other is started.
    stoppedNodes.sort(java.util.Comparator.comparing(name -> !conditions.get(name).onItsWayUp()));
    Map<String, List<String>> groups = standardGroups(topology);
    groups.put("new_nodes", newNodes);
    groups.put("cluster_nodes", clusterNodes);
    groups.put("stopped_nodes", stoppedNodes);
    groups.put("running_others", runningOthers);
    return new Inventory(topology.nodes().stream().map(Node::name).toList(), groups,
        TopologyVariables.of(topology, Optional.ofNullable(facts)));
  }

  /**
   * Refuses, before anything is touched, the states no procedure starts from safely, each with
   * the fix: Confluence beside a Server node, a node of another cluster or of another build, an
   * installation that is not in the cluster, a local home without an installation.
   */
  private static void refuseWhatCannotJoin(Topology topology, Facts facts, Map<String, NodeCondition> conditions) {
    Node first = topology.first();
    NodeFacts firstFacts = facts.node(first.name());
    boolean clustered = firstFacts.clustered();
    for (Node node : topology.nodes()) {
      NodeFacts found = facts.node(node.name());
      NodeCondition condition = conditions.get(node.name());
      switch (condition.disk()) {
        case HOME_ONLY -> throw refuse(node.name() + " has a local home at " + node.localHome() + " but no "
            + "installation at " + node.installDir() + "; orchestrate's copies never leave that (the installation "
            + "lands first, each tree whole), and it never copies over a home: move " + node.localHome() + " aside "
            + "(mv " + node.localHome() + " " + node.localHome() + ".old) and apply again to copy both from "
            + first.name());
        case SERVER -> {
          if (node != first) {
            throw refuse(node.name() + " already has Confluence at " + node.installDir() + (clustered ? " but is not a "
                + "node of the cluster" : " (from an earlier cluster, or installed by hand) while " + first.name()
                + " is a Server installation") + "; orchestrate copies " + first.name() + " to every other node and "
                + "never copies over an installation: " + (condition.up() ? "stop it and " : "") + "move "
                + node.installDir() + " and " + node.localHome() + " aside, or leave " + node.name() + " out of "
                + "cluster.yaml");
          }
        }
        case CLUSTERED -> {
          String name = found.clusterName().orElse("");
          if (!name.equals(topology.cluster().name())) {
            throw refuse(node.name() + " is a node of cluster '" + name + "' but cluster.yaml names '"
                + topology.cluster().name() + "'; renaming a cluster is not supported: fix cluster.name, or leave "
                + node.name() + " out of cluster.yaml");
          }
          if (node != first && !clustered) {
            throw refuse(node.name() + " is a node of cluster '" + name + "' while " + first.name() + " is a Server "
                + "installation (a cluster taken back to Server leaves its other nodes so); orchestrate never copies "
                + "over an installation: " + (condition.up() ? "stop it and " : "") + "move " + node.installDir()
                + " and " + node.localHome() + " aside, then apply again to copy both from " + first.name());
          }
          Optional<String> build = found.buildNumber();
          Optional<String> firstBuild = firstFacts.buildNumber();
          if (node != first && build.isPresent() && firstBuild.isPresent() && !build.equals(firstBuild)) {
            throw refuse(node.name() + " runs Confluence build " + build.get() + " and " + first.name() + " build "
                + firstBuild.get() + "; the nodes of one cluster run one build: upgrade them to one build, or leave "
                + node.name() + " out of cluster.yaml, then apply again");
          }
        }
        default -> { }
      }
    }
  }

  /** The groups every playbook can name: confluence, synchrony, first, others. */
  public static Map<String, List<String>> standardGroups(Topology topology) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    List<String> names = topology.nodes().stream().map(Node::name).toList();
    groups.put("confluence", names);
    groups.put("synchrony", topology.synchrony().hosts());
    groups.put("first", List.of(topology.first().name()));
    groups.put("others", names.subList(1, names.size()));
    return groups;
  }

  private static List<String> stalePeers(Topology topology, Facts facts, List<String> clusterNodes) {
    if (topology.confluence().discovery().type() != Discovery.Type.TCP_IP) {
      return List.of();
    }
    Set<String> wanted = new HashSet<>(topology.nodes().stream().map(Node::host).toList());
    return clusterNodes.stream().filter(n -> !new HashSet<>(facts.node(n).peers()).equals(wanted)).toList();
  }

  private static OrchestrateException refuse(String message) {
    return new OrchestrateException(ExitCode.INVALID_INPUT, message);
  }
}
