package dev.orchestrate.core.run;

import dev.orchestrate.core.facts.ControllerProbes;
import dev.orchestrate.core.topology.Topology;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cluster ports that answer this machine, probed while the facts are read (so it adds no
 * time), and printed as warnings once the plan is known: plan and apply say so before any change.
 */
final class ExposedPorts {
  private final Topology topology;
  private final CompletableFuture<List<ControllerProbes.NodeView>> probes;

  private ExposedPorts(Topology topology, CompletableFuture<List<ControllerProbes.NodeView>> probes) {
    this.topology = topology;
    this.probes = probes;
  }

  static ExposedPorts probe(Topology topology) {
    return new ExposedPorts(topology, ControllerProbes.clusterPorts(topology));
  }

  /** Prints one {@code warning:} line per node whose cluster ports answer from here. */
  void warn(PrintWriter err) {
    try {
      for (String warning : ControllerProbes.warnings(topology, probes.get(10, TimeUnit.SECONDS))) {
        err.println("warning: " + warning);
      }
      err.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      err.println("warning: could not probe the cluster ports from here: " + e.getMessage());
    }
  }
}
