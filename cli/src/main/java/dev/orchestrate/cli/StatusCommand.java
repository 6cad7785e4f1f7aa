package dev.orchestrate.cli;

import dev.orchestrate.core.run.Status;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.ssh.SshTransport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orchestrate status}: what each node is now. */
@Command(
    name = "status",
    description = {"Shows what each node is now: reachable, edition, clustered, state, paths, versions. Read-only.",
        "From this machine it also asks each node's Synchrony heartbeat, what the load balancer thinks of each node"
            + " (with loadBalancer.admin), and which cluster ports answer here that only the nodes should reach."},
    footerHeading = "%nExample:%n",
    footer = {"  orchestrate status cluster.yaml --output json"})
final class StatusCommand implements Callable<Integer> {
  /** How the status is printed. */
  enum Output { text, json }

  @Spec
  private CommandSpec spec;

  @Mixin
  private HostKeyOptions hostKeys;

  @Parameters(paramLabel = "FILE", description = "The cluster.yaml naming the nodes.")
  private Path file;

  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  private Output output;

  @Override
  public Integer call() {
    Topology topology = TopologyFiles.load(file, spec.commandLine().getErr());
    try (SshTransport transport = hostKeys.transport()) {
      return Status.show(topology, transport, spec.commandLine().getOut(), output == Output.json).code();
    }
  }
}
