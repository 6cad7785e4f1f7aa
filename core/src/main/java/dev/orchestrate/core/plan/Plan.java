package dev.orchestrate.core.plan;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.graph.TaskGraph;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code orchestrate plan} shows and saves: the task graph a run would walk, with what it was
 * made from. The digests let {@code apply --plan} prove, before it touches anything, that neither
 * cluster.yaml nor the hosts changed since the plan was read by a person ({@link SavedPlan#mismatch}).
 *
 * <p>A rollback plan ({@code plan --rollback}) is the same value with a {@link RollbackBasis}: its
 * graph undoes runs of the cluster's chain, compiled from their journals rather than from facts,
 * and its facts digest is the digest of that basis.
 *
 * @param topologyDigest digest of the topology the graph was compiled from
 * @param factsDigest digest of the facts read from the hosts; for a rollback plan, of its basis
 * @param decisions the compiler's findings, one sentence each: why the graph holds what it holds
 * @param rollback present exactly for a rollback plan: what it undoes and was made from
 */
public record Plan(String cluster, String topologyDigest, String factsDigest, Instant created, List<String> decisions,
    TaskGraph graph, Optional<RollbackBasis> rollback) {
  public Plan {
    requireNonNull(cluster, "cluster");
    requireNonNull(topologyDigest, "topologyDigest");
    requireNonNull(factsDigest, "factsDigest");
    requireNonNull(created, "created");
    decisions = List.copyOf(decisions);
    requireNonNull(graph, "graph");
    requireNonNull(rollback, "rollback");
  }

  /** A plan for {@code apply}. */
  public Plan(String cluster, String topologyDigest, String factsDigest, Instant created, List<String> decisions,
      TaskGraph graph) {
    this(cluster, topologyDigest, factsDigest, created, decisions, graph, Optional.empty());
  }

  /**
   * True when running the plan would do something: for apply, the hosts do not match cluster.yaml
   * yet; for a rollback, a run of the chain changed something that is to be undone.
   */
  public boolean hasChanges() {
    return !graph.isEmpty();
  }

  /** True for a plan of {@code rollback}, false for one of {@code apply}. */
  public boolean isRollback() {
    return rollback.isPresent();
  }
}
