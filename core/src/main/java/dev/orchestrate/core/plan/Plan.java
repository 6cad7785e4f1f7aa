package dev.orchestrate.core.plan;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.graph.TaskGraph;
import java.time.Instant;
import java.util.List;

/**
 * What {@code orchestrate plan} shows and saves: the task graph a run would walk, with what it was
 * made from. The digests let {@code apply --plan} prove, before it touches anything, that neither
 * cluster.yaml nor the hosts changed since the plan was read by a person ({@link SavedPlan#mismatch}).
 *
 * @param topologyDigest digest of the topology the graph was compiled from
 * @param factsDigest digest of the facts read from the hosts
 * @param decisions the compiler's findings, one sentence each: why the graph holds what it holds
 */
public record Plan(String cluster, String topologyDigest, String factsDigest, Instant created, List<String> decisions,
    TaskGraph graph) {
  public Plan {
    requireNonNull(cluster, "cluster");
    requireNonNull(topologyDigest, "topologyDigest");
    requireNonNull(factsDigest, "factsDigest");
    requireNonNull(created, "created");
    decisions = List.copyOf(decisions);
    requireNonNull(graph, "graph");
  }

  /** True when applying the plan would do something: the hosts do not yet match cluster.yaml. */
  public boolean hasChanges() {
    return !graph.isEmpty();
  }
}
