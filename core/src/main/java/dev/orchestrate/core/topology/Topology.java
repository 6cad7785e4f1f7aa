package dev.orchestrate.core.topology;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The desired state of one Confluence deployment, as a valid cluster.yaml describes it, with
 * every default applied and every override merged. Immutable; load one with {@link
 * TopologyLoader}.
 *
 * @param source the cluster.yaml it was read from
 * @param nodes in start order; the first is the existing (or remaining) Server node
 */
public record Topology(
    Path source,
    ClusterSettings cluster,
    ConfluenceSettings confluence,
    Optional<Database> database,
    Synchrony synchrony,
    LoadBalancer loadBalancer,
    List<Node> nodes) {

  public Topology {
    requireNonNull(source, "source");
    requireNonNull(cluster, "cluster");
    requireNonNull(confluence, "confluence");
    requireNonNull(database, "database");
    requireNonNull(synchrony, "synchrony");
    requireNonNull(loadBalancer, "loadBalancer");
    nodes = List.copyOf(nodes);
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a topology needs at least one node");
    }
    Set<String> names = new HashSet<>();
    for (Node node : nodes) {
      if (!names.add(node.name())) {
        throw new IllegalArgumentException("node name '" + node.name() + "' is used twice");
      }
    }
    if (cluster.edition() == Edition.DATACENTER && (confluence.sharedHome().isEmpty() || database.isEmpty())) {
      throw new IllegalArgumentException("a datacenter topology needs a shared home and a database");
    }
  }

  public boolean isDataCenter() {
    return cluster.edition() == Edition.DATACENTER;
  }

  /** The node that holds (or will keep) the existing installation. */
  public Node first() {
    return nodes.get(0);
  }

  /** Every node but the first. */
  public List<Node> others() {
    return nodes.subList(1, nodes.size());
  }

  public Optional<Node> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }
}
