package dev.orchestrate.cli;

import dev.orchestrate.core.Trace;
import dev.orchestrate.core.run.Apply;
import dev.orchestrate.core.run.Output;
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

/** {@code orchestrate apply}: converges the hosts to cluster.yaml. */
@Command(
    name = "apply",
    description = {
        "Converges the hosts to FILE: plans, asks for confirmation on a terminal, then walks the task graph over SSH.",
        "Without a terminal it refuses to run unless --yes is given."},
    footerHeading = "%nExample:%n",
    footer = {"  orchestrate apply cluster.yaml --yes --output json --junit apply-report.xml"})
final class ApplyCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private HostKeyOptions hostKeys;

  @Parameters(paramLabel = "FILE", description = "The cluster.yaml describing the desired state.")
  private Path file;

  @Option(names = "--plan", paramLabel = "PLAN",
      description = "Run this saved plan; refused (exit 4) if the hosts no longer match it.")
  private Path plan;

  @Mixin
  private Confirmation confirmation;

  @Option(names = "--dry-run", description = "Change nothing; show what would change.")
  private boolean dryRun;

  @Option(names = "--rollback-on-failure", description = "When a task fails, undo what this run did (this run only: earlier runs stay) and exit 6.")
  private boolean rollbackOnFailure;

  @Mixin
  private ReportOptions report;

  @Mixin
  private LockOption lock;

  @Mixin
  private ParallelOption parallel;

  @Override
  public Integer call() {
    Trace.mark("apply: options parsed");
    Topology topology = TopologyFiles.load(file, spec.commandLine().getErr());
    Trace.mark("apply: cluster.yaml read");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Apply.Request request = new Apply.Request(file, Optional.ofNullable(plan), dryRun, lock.forceUnlock(),
        parallel.tasks(), report.junit(), rollbackOnFailure);
    Output output = new Output(out, err, report.json(), TextDisplay.terminalOrLog());
    try (SshTransport transport = hostKeys.transport()) {
      return Apply.create(output, Playbooks.procedures()).apply(request, topology, transport,
          () -> confirmation.ask(err, "Apply these changes?")).code();
    }
  }
}
