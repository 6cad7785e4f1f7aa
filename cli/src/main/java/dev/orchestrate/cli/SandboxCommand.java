package dev.orchestrate.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code orchestrate sandbox}: simulated Confluence hosts behind embedded SSH servers on 127.0.1.x. */
@Command(
    name = "sandbox",
    description = {
        "Starts, stops or shows a sandbox: simulated Confluence and Synchrony hosts, each behind its own SSH server",
        "on 127.0.1.K, with a Server installation on host 1 and a ready cluster.yaml, client key and known_hosts."},
    footerHeading = "%nExample:%n",
    footer = {"  orchestrate sandbox up --nodes 3 --dir /tmp/sandbox --attachments-mb 50"})
final class SandboxCommand implements Callable<Integer> {
  /** What to do with the sandbox. */
  enum Action { up, down, status }

  @Parameters(paramLabel = "ACTION", description = "up, down or status.")
  private Action action;

  @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "Number of hosts (default: ${DEFAULT-VALUE}).")
  private int nodes;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the sandbox keeps its hosts' files.")
  private Path dir;

  @Option(names = "--attachments-mb", paramLabel = "M", defaultValue = "20",
      description = "Size of the attachments on host 1, in MB (default: ${DEFAULT-VALUE}).")
  private int attachmentsMb;

  @Override
  public Integer call() {
    throw Unavailable.until("sandbox " + action, 4, "the sandbox");
  }
}
