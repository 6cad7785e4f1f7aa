package dev.orchestrate.cli;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.sandbox.Sandbox;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orchestrate sandbox}: simulated Confluence hosts behind embedded SSH servers on 127.0.1.x. */
@Command(
    name = "sandbox",
    description = {
        "Starts, stops or shows a sandbox: simulated Confluence and Synchrony hosts, each behind its own SSH server"
            + " on 127.0.1.K, with a Server installation on host 1 and a ready cluster.yaml, client key and known_hosts.",
        "Needs no root and no network; `down` stops every process the sandbox started."},
    footerHeading = "%nExample:%n",
    footer = {"  orchestrate sandbox up --nodes 3 --attachments-mb 50"})
final class SandboxCommand implements Callable<Integer> {
  /** What to do with the sandbox. */
  enum Action { up, down, status }

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "ACTION", description = "up, down or status.")
  private Action action;

  @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "Number of hosts (default: ${DEFAULT-VALUE}).")
  private int nodes;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Where the sandbox keeps its hosts' files (default: orchestrate-sandbox-USER in the temporary directory).")
  private Path dir;

  @Mixin
  private AttachmentsOption attachments;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path where = dir != null ? dir : Sandbox.defaultDirectory();
    try {
      switch (action) {
        case up -> {
          Sandbox.Status status = Sandbox.up(Sandbox.Options.defaults().withDir(where).withNodes(nodes)
              .withAttachmentsMb(attachments.megabytes()));
          SandboxReport.print(out, status);
          out.println("Stop it with: orchestrate sandbox down --dir " + status.layout().dir());
        }
        case down -> out.println("Sandbox in " + where.toAbsolutePath() + " stopped (" + Sandbox.down(where)
            + " processes ended).");
        case status -> SandboxReport.print(out, Sandbox.status(where));
        default -> throw new IllegalStateException(action.name());
      }
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new OrchestrateException(ExitCode.TASK_FAILED, "orchestrate sandbox " + action + ": " + e.getMessage(), e);
    }
    return ExitCode.OK.code();
  }
}
