package dev.orchestrate.core.compiler;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.facts.Facts;
import dev.orchestrate.core.facts.NodeFacts;
import dev.orchestrate.core.graph.TaskGraphBuilder;
import dev.orchestrate.core.playbook.Inventory;
import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.topology.Discovery;
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
    List<String> decisions = new ArrayList<>();
    List<Procedure> procedures = new ArrayList<>();
    Map<String, List<String>> reasons = new LinkedHashMap<>();
    Node first = topology.first();
    NodeFacts firstFacts = facts.node(first.name());
    if (!firstFacts.installed()) {
      throw refuse(first.name() + " has no Confluence at " + first.installDir() + "; orchestrate moves an existing "
          + "installation between Server and Data Center and does not install Confluence");
    }
    Inventory inventory = inventory(topology, facts);
    List<String> newNodes = inventory.groups().get("new_nodes");
    List<String> clusterNodes = inventory.groups().get("cluster_nodes");
    if (topology.isDataCenter()) {
      refuseWhatCannotJoin(topology, facts);
      for (String node : newNodes) {
        note(reasons, node, "no Confluence at " + topology.node(node).orElseThrow().installDir() + ": install dir and "
            + "local home will be copied from " + first.name() + " while it is stopped");
      }
      if (!firstFacts.clustered()) {
        procedures.add(Procedure.SERVER_TO_DATACENTER);
        decisions.add(first.name() + " runs Confluence Server (not clustered); cluster.yaml asks for Data Center cluster '"
            + topology.cluster().name() + "' of " + topology.nodes().size() + " node(s)");
        note(reasons, first.name(), "becomes the first Data Center node: backed up, licensed, shared home created at "
            + topology.confluence().sharedHome().orElseThrow() + ", clustering keys written, started alone");
      } else {
        List<String> stale = stalePeers(topology, facts, clusterNodes);
        List<String> stopped = inventory.groups().get("stopped_nodes");
        if (!newNodes.isEmpty() || !stale.isEmpty()) {
          procedures.add(Procedure.ADD_NODES);
          if (!newNodes.isEmpty()) {
            decisions.add("cluster '" + topology.cluster().name() + "' runs on " + String.join(", ", clusterNodes)
                + "; cluster.yaml adds " + String.join(", ", newNodes));
          }
          stale.forEach(node -> decisions.add(node + "'s confluence.cluster.peers does not list every node of "
              + "cluster.yaml"));
          clusterNodes.forEach(node -> note(reasons, node, "confluence.cluster.peers will list every node; restarted "
              + "to read it, one node at a time"));
        } else if (!stopped.isEmpty()) {
          procedures.add(Procedure.START_NODES);
          decisions.add("cluster '" + topology.cluster().name() + "': " + String.join(", ", stopped)
              + " not serving; every node of cluster.yaml should");
          stopped.forEach(node -> note(reasons, node, "is " + facts.node(node).state().map(s -> "in state " + s)
              .orElse("not running") + ": started, each node RUNNING before the next"));
        }
      }
    } else if (firstFacts.clustered()) {
      procedures.add(Procedure.DATACENTER_TO_SERVER);
      decisions.add(first.name() + " is a Data Center node; cluster.yaml asks for Server");
      note(reasons, first.name(), "stays as the Server installation: Server license, shared home moved back into "
          + first.localHome() + ", clustering off");
      for (Node other : topology.others()) {
        note(reasons, other.name(), "stopped and left stopped (a second instance on the database would cause a cluster panic)");
      }
    }
    if (!procedures.isEmpty()) {
      // What the procedures create must belong to the user Confluence runs as: the plan says who that is, or that
      // nobody can tell, before anything is created.
      topology.nodes().forEach(node -> facts.node(node.name()).runsAs().ifPresent(text -> note(reasons, node.name(),
          text)));
    }
    TaskGraphBuilder builder = TaskGraphBuilder.on(inventory).skipping(KnownConditions.of(inventory, templar));
    for (Procedure procedure : procedures) {
      builder.add(library.playbook(procedure.playbook()), String.join("; ", decisions));
    }
    reasons.forEach((node, texts) -> texts.forEach(text -> builder.reason(node, text)));
    return new Compilation(procedures, decisions, inventory, builder.build());
  }

  /**
   * The inventory a playbook runs against: the topology's groups, and with facts the compiler's
   * own — {@code new_nodes} (nodes other than the first without Confluence), {@code
   * cluster_nodes} (nodes already clustered) and {@code stopped_nodes} (clustered, not RUNNING)
   * — so a built-in procedure run by hand sees what {@code apply} would give it.
   */
  public static Inventory inventory(Topology topology, Facts facts) {
    List<String> newNodes = new ArrayList<>();
    List<String> clusterNodes = new ArrayList<>();
    if (facts != null) {
      for (Node node : topology.nodes()) {
        NodeFacts found = facts.node(node.name());
        if (found.installed() && found.clustered()) {
          clusterNodes.add(node.name());
        } else if (!found.installed() && node != topology.first()) {
          newNodes.add(node.name());
        }
      }
    }
    List<String> stoppedNodes = clusterNodes.stream()
        .filter(n -> !facts.node(n).state().map("RUNNING"::equals).orElse(false)).toList();
    return inventory(topology, facts, newNodes, clusterNodes, stoppedNodes);
  }

  private static Inventory inventory(Topology topology, Facts facts, List<String> newNodes, List<String> clusterNodes,
      List<String> stoppedNodes) {
    Map<String, List<String>> groups = standardGroups(topology);
    groups.put("new_nodes", newNodes);
    groups.put("cluster_nodes", clusterNodes);
    groups.put("stopped_nodes", stoppedNodes);
    return new Inventory(topology.nodes().stream().map(Node::name).toList(), groups,
        TopologyVariables.of(topology, Optional.ofNullable(facts)));
  }

  /**
   * Refuses, before anything is touched, the states no procedure starts from safely: Confluence
   * beside a Server node, a node of another cluster, an installation that is not in the cluster.
   */
  private static void refuseWhatCannotJoin(Topology topology, Facts facts) {
    Node first = topology.first();
    boolean clustered = facts.node(first.name()).clustered();
    for (Node node : topology.nodes()) {
      NodeFacts found = facts.node(node.name());
      if (found.installed() && node != first && !clustered) {
        throw refuse(node.name() + " already has Confluence at " + node.installDir() + " (from an earlier cluster, or "
            + "installed by hand) while " + first.name() + " is a Server installation; orchestrate copies "
            + first.name() + " to every other node and never copies over an installation: move it away first");
      }
      if (found.installed() && found.clustered()) {
        String name = found.clusterName().orElse("");
        if (!name.equals(topology.cluster().name())) {
          throw refuse(node.name() + " is a node of cluster '" + name + "' but cluster.yaml names '"
              + topology.cluster().name() + "'; renaming a cluster is not supported");
        }
      } else if (found.installed() && node != first) {
        throw refuse(node.name() + " already has Confluence at " + node.installDir() + " but is not a node of the "
            + "cluster; orchestrate never copies over an installation: move it away, or leave the node out");
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

  private static void note(Map<String, List<String>> reasons, String node, String text) {
    reasons.computeIfAbsent(node, n -> new ArrayList<>()).add(text);
  }

  private static OrchestrateException refuse(String message) {
    return new OrchestrateException(ExitCode.INVALID_INPUT, message);
  }
}
