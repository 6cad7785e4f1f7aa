package dev.orchestrate.cli;

import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.ssh.SshTransport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orchestrate rollback}: undoes the runs since the cluster was last known good, from their journals and backups. */
@Command(
    name = "rollback",
    description = {"Undoes every apply since the cluster was last known good, newest first, from their journals and",
        "backups, back to the state before the first of them (a failed apply and the one that fixed it included)."},
    footerHeading = "%nExamples:%n",
    footer = {"  orchestrate rollback cluster.yaml --list", "  orchestrate rollback cluster.yaml --yes"})
final class RollbackCommand implements Callable<Integer> {
  /** What else than rolling back the command may do instead. */
  static final class Instead {
    @Option(names = "--list", description = "Show the runs a rollback would undo, and what each changed; changes nothing.")
    boolean list;

    @Option(names = "--mark-good", description = "Keep the hosts as they are: a later rollback goes back no further.")
    boolean markGood;
  }

  @Spec
  private CommandSpec spec;

  @Mixin
  private HostKeyOptions hostKeys;

  @Parameters(paramLabel = "FILE", description = "The cluster.yaml of the cluster.")
  private Path file;

  @ArgGroup(exclusive = true)
  private Instead instead;

  @Option(names = "--yes", description = "Do not ask for confirmation.")
  private boolean yes;

  @Option(names = "--force-unlock",
      description = "Take over the cluster's lock from a run on another machine that is gone (it names the holder).")
  private boolean forceUnlock;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "10",
      description = "At most N tasks at once (default: ${DEFAULT-VALUE}).")
  private int parallel;

  @Option(names = "--junit", paramLabel = "FILE", description = "Write a JUnit XML report: one test case per task and node.")
  private Path junit;

  @Override
  public Integer call() {
    Topology topology = TopologyFiles.load(file, spec.commandLine().getErr());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (SshTransport transport = Runs.transport(hostKeys)) {
      Rollbacker rollbacker = new Rollbacker(out, err, false);
      if (instead != null && instead.list) {
        return ChainListing.print(file, topology, transport, out);
      }
      return instead != null && instead.markGood ? rollbacker.markGood(topology, transport, forceUnlock)
          : rollbacker.rollback(file, topology, transport, forceUnlock, parallel, Optional.ofNullable(junit),
              () -> Confirmation.ask(yes, err, "Roll back these changes?"));
    }
  }
}
