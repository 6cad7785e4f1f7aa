package dev.orchestrate.cli;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.plan.Plan;
import dev.orchestrate.core.plan.PlanWriter;
import dev.orchestrate.core.plan.SavedPlan;
import dev.orchestrate.core.run.Plans;
import dev.orchestrate.core.run.Rollback;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.playbooks.BuiltInPlaybooks;
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

/** {@code orchestrate plan}: the task graph an apply (or a rollback) would walk, read without changing anything. */
@Command(
    name = "plan",
    description = {
        "Reads what each host is now (read-only SSH) and prints the ordered task graph that apply would run, grouped by"
            + " phase, saying per node what will change and why.",
        "With --rollback it prints instead what rollback would do: per run of the chain, newest first, every undo step"
            + " with its node, the backups it reads (their size and checksums, read from the hosts), what is set aside"
            + " rather than deleted, which nodes stop and which start again in what order, and the checks at the end."},
    footerHeading = "%nExamples:%n",
    footer = {"  orchestrate plan cluster.yaml --out upgrade.plan --detailed-exitcode",
        "  orchestrate plan cluster.yaml --rollback --out rollback.plan"})
final class PlanCommand implements Callable<Integer> {
  /** The ways a plan can be printed. */
  enum Format { text, json, dot, mermaid }

  @Spec
  private CommandSpec spec;

  @Mixin
  private HostKeyOptions hostKeys;

  @Parameters(paramLabel = "FILE", description = "The cluster.yaml describing the desired state.")
  private Path file;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text, json, dot or mermaid (default: ${DEFAULT-VALUE}).")
  private Format format;

  @Option(names = "--out", paramLabel = "PLAN",
      description = "Also save the plan, for apply --plan PLAN (with --rollback: for rollback --plan PLAN).")
  private Path out;

  @Option(names = "--detailed-exitcode",
      description = "Exit 0 when nothing would change (or nothing is left to roll back), 2 when something would.")
  private boolean detailedExitCode;

  @Option(names = "--rollback", description = "Plan the rollback of the cluster's chain instead of an apply.")
  private boolean rollback;

  @Option(names = "--to", paramLabel = "RUN",
      description = "With --rollback: undo only the runs newer than RUN, which is kept.")
  private String to;

  @Override
  public Integer call() {
    if (to != null && !rollback) {
      throw new OrchestrateException(ExitCode.INVALID_INPUT, "--to goes with --rollback: plan --rollback --to RUN");
    }
    PrintWriter err = spec.commandLine().getErr();
    Topology topology = TopologyFiles.load(file, err);
    Plan plan;
    try (SshTransport transport = hostKeys.transport()) {
      plan = rollback ? Rollback.preview(file, topology, transport, Optional.ofNullable(to), err)
          : Plans.plan(file, topology, transport, BuiltInPlaybooks.create(), err);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(switch (format) {
      case text -> PlanWriter.text(plan);
      case json -> PlanWriter.json(plan);
      case dot -> PlanWriter.dot(plan);
      case mermaid -> PlanWriter.mermaid(plan);
    });
    out.flush();
    if (this.out != null) {
      SavedPlan.write(plan, this.out);
      err.println("Saved the " + (rollback ? "rollback plan to " + this.out + "; run it with: orchestrate rollback "
          : "plan to " + this.out + "; run it with: orchestrate apply ") + file + " --plan " + this.out);
    }
    if (detailedExitCode && plan.hasChanges()) {
      return ExitCode.CHANGES_PENDING.code();
    }
    return ExitCode.OK.code();
  }
}
