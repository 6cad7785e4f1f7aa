package dev.orchestrate.cli;

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
    description = "Shows what each node is now: reachable, edition, clustered, state, paths, versions. Read-only.",
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
    TopologyFiles.load(file, spec.commandLine().getErr());
    throw Unavailable.until("status", 5, "facts, gathered with the playbooks and the task-graph compiler");
  }
}
