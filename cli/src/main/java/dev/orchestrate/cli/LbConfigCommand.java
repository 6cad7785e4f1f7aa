package dev.orchestrate.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orchestrate lb-config}: a load balancer configuration for the cluster. */
@Command(
    name = "lb-config",
    description = "Writes a configuration for the load balancer named in loadBalancer.kind (nginx or haproxy),"
        + " with session affinity and every node.",
    footerHeading = "%nExample:%n",
    footer = {"  orchestrate lb-config cluster.yaml --out /etc/nginx/conf.d/confluence.conf"})
final class LbConfigCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The cluster.yaml naming the nodes and the load balancer.")
  private Path file;

  @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of standard output.")
  private Path out;

  @Override
  public Integer call() {
    TopologyFiles.load(file, spec.commandLine().getErr());
    throw Unavailable.until("lb-config", 0, "a later issue on load balancer configurations");
  }
}
