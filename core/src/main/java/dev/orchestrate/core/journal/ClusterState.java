package dev.orchestrate.core.journal;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.Host;

/**
 * Where a cluster keeps what orchestrate knows of it — journals of its runs, and the lock — on
 * the cluster itself, so a CI runner, a laptop and a rerun all see the same: in {@code
 * orchestrate/} beside the first node's local home (for the default home,
 * {@code /var/atlassian/application-data/orchestrate}).
 *
 * <p>DESIGN.md first placed it in the shared home. It moved because the procedures move the
 * shared home's contents themselves (back into the local home, on the way to Server), and a
 * shared home does not exist before the first migration; the first node exists in every state
 * and is the one that stays, and the folder beside its home is touched by no procedure.
 */
public record ClusterState(Host host, RemotePath directory) {
  public ClusterState {
    requireNonNull(host, "host");
    requireNonNull(directory, "directory");
  }

  public static ClusterState of(Topology topology) {
    RemotePath home = topology.first().localHome();
    String parent = home.value().substring(0, Math.max(1, home.value().lastIndexOf('/')));
    return new ClusterState(Host.of(topology.first()), RemotePath.of(parent).resolve("orchestrate"));
  }

  RemotePath runs() {
    return directory.resolve("runs");
  }

  RemotePath journal(String runId) {
    return runs().resolve(runId + ".jsonl");
  }

  RemotePath lastRun() {
    return directory.resolve("last-run");
  }

  RemotePath lock() {
    return directory.resolve("lock");
  }
}
