package dev.orchestrate.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Command;

/** {@code orchestrate demo}: the whole job on simulated nodes on this machine. */
@Command(
    name = "demo",
    description = {
        "The whole job on this machine: starts a sandbox of simulated Confluence nodes reached over SSH,"
            + " migrates it from Server to Data Center, proves the cluster works, and stops the sandbox."},
    footerHeading = "%nExample:%n",
    footer = {"  orchestrate demo"})
final class DemoCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the demo's sandbox lives while it runs "
      + "(default: orchestrate-demo-$USER in the temporary directory).")
  private Path dir;

  @Mixin
  private AttachmentsOption attachments;

  @Override
  public Integer call() throws Exception {
    Path where = dir != null ? dir
        : Path.of(System.getProperty("java.io.tmpdir"), "orchestrate-demo-" + System.getProperty("user.name"));
    return new Demo(spec.commandLine().getOut()).run(where, attachments.megabytes());
  }
}
