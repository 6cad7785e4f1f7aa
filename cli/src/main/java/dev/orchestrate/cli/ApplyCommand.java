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

/** {@code orchestrate apply}: converges the hosts to cluster.yaml. */
@Command(
    name = "apply",
    description = {
        "Converges the hosts to FILE: plans, asks for confirmation on a terminal, then walks the task graph over SSH.",
        "Without a terminal it refuses to run unless --yes is given."},
    footerHeading = "%nExample:%n",
    footer = {"  orchestrate apply cluster.yaml --yes --output json --junit apply-report.xml"})
final class ApplyCommand implements Callable<Integer> {
  /** How progress is reported. */
  enum Output { text, json }

  @Spec
  private CommandSpec spec;

  @Mixin
  private HostKeyOptions hostKeys;

  @Parameters(paramLabel = "FILE", description = "The cluster.yaml describing the desired state.")
  private Path file;

  @Option(names = "--plan", paramLabel = "PLAN",
      description = "Run this saved plan; refused (exit 4) if the hosts no longer match it.")
  private Path plan;

  @Option(names = "--yes", description = "Do not ask for confirmation.")
  private boolean yes;

  @Option(names = "--dry-run", description = "Change nothing; show what would change.")
  private boolean dryRun;

  @Option(names = "--rollback-on-failure", description = "When a task fails, undo what this run did (this run only: earlier runs stay) and exit 6.")
  private boolean rollbackOnFailure;

  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
      description = "text, or json: one JSON object per event, then a summary (default: ${DEFAULT-VALUE}).")
  private Output output;

  @Option(names = "--junit", paramLabel = "FILE", description = "Write a JUnit XML report: one test case per task and node.")
  private Path junit;

  @Option(names = "--force-unlock",
      description = "Take over the cluster's lock from a run on another machine that is gone (it names the holder)."
          + " A run of this machine whose process is gone is taken over without it.")
  private boolean forceUnlock;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "10",
      description = "At most N tasks at once (default: ${DEFAULT-VALUE}).")
  private int parallel;

  @Override
  public Integer call() {
    Topology topology = TopologyFiles.load(file, spec.commandLine().getErr());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Applier.Request request = new Applier.Request(file, Optional.ofNullable(plan), dryRun, forceUnlock, parallel,
        output == Output.json, Optional.ofNullable(junit), rollbackOnFailure);
    try (SshTransport transport = Runs.transport(hostKeys)) {
      return new Applier(out, err, output == Output.json).apply(request, topology, transport,
          () -> Confirmation.ask(yes, err, "Apply these changes?"));
    }
  }
}
