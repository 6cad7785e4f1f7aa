package dev.orchestrate.cli;

import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.ssh.SshTransport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orchestrate rollback}: undoes the last apply, from its journal and backups. */
@Command(
    name = "rollback",
    description = "Undoes the last apply on these hosts, from its journal and backups, back to the state before it.",
    footerHeading = "%nExample:%n",
    footer = {"  orchestrate rollback cluster.yaml --yes"})
final class RollbackCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private HostKeyOptions hostKeys;

  @Parameters(paramLabel = "FILE", description = "The cluster.yaml of the last apply.")
  private Path file;

  @Option(names = "--yes", description = "Do not ask for confirmation.")
  private boolean yes;

  @Option(names = "--force-unlock",
      description = "Take over the cluster's lock from a run that is gone (it names the holder).")
  private boolean forceUnlock;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "10",
      description = "At most N tasks at once (default: ${DEFAULT-VALUE}).")
  private int parallel;

  @Option(names = "--junit", paramLabel = "FILE", description = "Write a JUnit XML report: one test case per task and node.")
  private Path junit;

  @Override
  public Integer call() {
    Topology topology = TopologyFiles.load(file, spec.commandLine().getErr());
    PrintWriter err = spec.commandLine().getErr();
    try (SshTransport transport = Runs.transport(hostKeys)) {
      return new Rollbacker(spec.commandLine().getOut(), err, false).rollback(file, topology, transport, forceUnlock,
          parallel, Optional.ofNullable(junit), () -> Confirmation.ask(yes, err, "Roll back these changes?"));
    }
  }
}
