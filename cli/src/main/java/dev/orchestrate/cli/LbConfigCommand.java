package dev.orchestrate.cli;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.balancer.BalancerConfig;
import dev.orchestrate.core.balancer.BalancerSpec;
import dev.orchestrate.core.balancer.SyntaxCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
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
    description = {
        "Writes a configuration for the load balancer named in loadBalancer.kind (nginx, haproxy or apache): every"
            + " node as a backend, sessions kept on their node, /status checked for RUNNING, and /synchrony passed"
            + " on as WebSockets.",
        "It listens where loadBalancer.url says, over https with loadBalancer.certificate when the url is https.",
        "Exits 0 when written (and checked), 1 when --check fails, 4 when cluster.yaml lacks what the balancer"
            + " needs."},
    footerHeading = "%nExamples:%n",
    footer = {"  orchestrate lb-config cluster.yaml --out /etc/haproxy/haproxy.cfg --check",
        "  orchestrate lb-config cluster.yaml --snippet --out /etc/nginx/conf.d/confluence.conf"})
final class LbConfigCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The cluster.yaml naming the nodes and the load balancer.")
  private Path file;

  @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of standard output.")
  private Path out;

  @Option(names = "--snippet", description = "Write only what goes into an existing configuration (nginx: the"
      + " http-level part for conf.d; haproxy: frontend and backends; apache: balancers and virtual host); a"
      + " comment at its top says what else it needs.")
  private boolean snippet;

  @Option(names = "--check", description = "Run the server's own syntax check on what was written, when the server"
      + " is installed here; a snippet is checked inside the complete file it belongs to.")
  private boolean check;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    BalancerSpec balancer = BalancerSpec.of(TopologyFiles.load(file, err), file,
        BalancerSpec.HostResolver.system());
    BalancerConfig config = BalancerConfig.of(balancer.kind());
    String text = snippet ? config.snippet(balancer) : config.complete(balancer);
    if (out == null) {
      spec.commandLine().getOut().print(text);
      spec.commandLine().getOut().flush();
    } else {
      Files.writeString(out, text);
      err.println("Wrote the " + balancer.kind().yamlName() + (snippet ? " snippet" : " configuration") + " to "
          + out + ".");
    }
    return check ? check(config, balancer, err) : ExitCode.OK.code();
  }

  /** The complete file is checked where it was written; anything else from a temporary copy of the complete file. */
  private int check(BalancerConfig config, BalancerSpec balancer, PrintWriter err) throws IOException {
    boolean written = out != null && !snippet;
    Path checked = written ? out : Files.createTempFile("orchestrate-lb-config", ".conf");
    try {
      if (!written) {
        Files.writeString(checked, config.complete(balancer));
      }
      SyntaxCheck.Outcome outcome = config.syntaxCheck().run(checked);
      switch (outcome.status()) {
        case NOT_INSTALLED -> err.println("Not checked: " + outcome.program() + " is not installed here.");
        case PASSED -> err.println("Checked: " + outcome.program() + " passed.");
        case FAILED -> throw new OrchestrateException(ExitCode.TASK_FAILED, outcome.output().stripTrailing()
            + "\nThe check failed: " + outcome.program());
      }
      return ExitCode.OK.code();
    } finally {
      if (!written) {
        Files.deleteIfExists(checked);
      }
    }
  }
}
