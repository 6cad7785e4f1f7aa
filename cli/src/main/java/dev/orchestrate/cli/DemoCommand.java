package dev.orchestrate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code orchestrate demo}: the whole job on simulated nodes on this machine. */
@Command(
    name = "demo",
    description = {
        "The whole job on this machine: starts a sandbox of simulated Confluence nodes reached over SSH,",
        "migrates it from Server to Data Center, proves the cluster works, and stops the sandbox."},
    footerHeading = "%nExample:%n",
    footer = {"  orchestrate demo"})
final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw Unavailable.until("demo", 6, "the executor and apply, on the sandbox of issue #4");
  }
}
