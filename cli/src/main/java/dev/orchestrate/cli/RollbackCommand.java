package dev.orchestrate.cli;

import java.nio.file.Path;
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

  @Override
  public Integer call() {
    TopologyFiles.load(file, spec.commandLine().getErr());
    throw Unavailable.until("rollback", 7, "rollback and fault tolerance");
  }
}
