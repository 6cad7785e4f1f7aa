package dev.orchestrate.cli;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.plan.Plan;
import dev.orchestrate.core.plan.PlanWriter;
import dev.orchestrate.core.plan.SavedPlan;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.ssh.SshTransport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orchestrate plan}: the task graph an apply would walk, from facts read without changing anything. */
@Command(
    name = "plan",
    description = {
        "Reads what each host is now (read-only SSH) and prints the ordered task graph that apply would run,",
        "grouped by phase, saying per node what will change and why."},
    footerHeading = "%nExample:%n",
    footer = {"  orchestrate plan cluster.yaml --out upgrade.plan --detailed-exitcode"})
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

  @Option(names = "--out", paramLabel = "PLAN", description = "Also save the plan, for `apply --plan PLAN`.")
  private Path out;

  @Option(names = "--detailed-exitcode", description = "Exit 0 when nothing would change, 2 when something would.")
  private boolean detailedExitCode;

  @Override
  public Integer call() {
    Topology topology = TopologyFiles.load(file, spec.commandLine().getErr());
    Plan plan;
    try (SshTransport transport = Runs.transport(hostKeys)) {
      plan = Plans.compile(file, topology, transport).plan();
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
      spec.commandLine().getErr().println("Saved the plan to " + this.out + "; run it with: orchestrate apply " + file
          + " --plan " + this.out);
    }
    if (detailedExitCode && plan.hasChanges()) {
      return ExitCode.CHANGES_PENDING.code();
    }
    return ExitCode.OK.code();
  }
}
