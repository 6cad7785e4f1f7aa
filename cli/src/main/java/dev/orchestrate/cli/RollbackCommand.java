package dev.orchestrate.cli;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.run.Output;
import dev.orchestrate.core.run.Rollback;
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
    description = {
        "Undoes every apply since the cluster was last known good (the whole chain that --list shows, a failed apply"
            + " and the one that fixed it included), newest first, from their journals and backups, back to the state"
            + " before the first of them; with --to RUN, only the runs after RUN.",
        "It shows the rollback plan and asks for confirmation on a terminal; without a terminal it refuses unless --yes"
            + " is given. --plan runs a plan saved by plan --rollback --out exactly, or refuses. A rollback cut off or"
            + " failed is finished by the next one."},
    footerHeading = "%nExamples:%n",
    footer = {"  orchestrate rollback cluster.yaml --list",
        "  orchestrate plan cluster.yaml --rollback --out rollback.plan",
        "  orchestrate rollback cluster.yaml --plan rollback.plan --yes --output json"})
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

  @Option(names = "--plan", paramLabel = "PLAN", description = "Run this rollback plan, saved by plan --rollback --out;"
      + " refused (exit 4, nothing changed) if the chain, a journal, a node's state or a backup changed since.")
  private Path plan;

  @Option(names = "--to", paramLabel = "RUN", description = "Undo only the runs of the chain newer than RUN, which is"
      + " kept: the cluster goes back to how RUN left it. A RUN not in the chain is refused (exit 4).")
  private String to;

  @Option(names = "--dry-run", description = "Change nothing: show the plan and check every backup it would read"
      + " (archive sound, copies of edited files there); exit 1 naming any that is missing.")
  private boolean dryRun;

  @Mixin
  private Confirmation confirmation;

  @Mixin
  private ReportOptions report;

  @Mixin
  private LockOption lock;

  @Mixin
  private ParallelOption parallel;

  @Override
  public Integer call() {
    if (instead != null && (plan != null || to != null || dryRun)) {
      throw new OrchestrateException(ExitCode.INVALID_INPUT, "--list and --mark-good take no --plan, --to or --dry-run");
    }
    Topology topology = TopologyFiles.load(file, spec.commandLine().getErr());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Output output = new Output(out, err, report.json(), TextDisplay.terminalOrLog());
    Rollback rollback = Rollback.create(output);
    try (SshTransport transport = hostKeys.transport()) {
      if (instead != null) {
        return (instead.list ? rollback.list(file, topology, transport)
            : rollback.markGood(topology, transport, lock.forceUnlock())).code();
      }
      return rollback.rollback(new Rollback.Request(file, Optional.ofNullable(plan), Optional.ofNullable(to), dryRun,
          lock.forceUnlock(), parallel.tasks(), report.junit()), topology, transport,
          () -> confirmation.ask(err, "Roll back these changes?")).code();
    }
  }
}
