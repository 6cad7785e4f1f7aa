package dev.orchestrate.cli;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.facts.FactGatherer;
import dev.orchestrate.core.facts.Facts;
import dev.orchestrate.core.facts.NodeFacts;
import dev.orchestrate.core.topology.Node;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.ssh.SshTransport;
import java.io.PrintWriter;
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
    Topology topology = TopologyFiles.load(file, spec.commandLine().getErr());
    Facts facts;
    try (SshTransport transport = Runs.transport(hostKeys)) {
      facts = FactGatherer.create(transport).gather(topology);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output == Output.json) {
      out.println(facts.toJson());
    } else {
      for (Node node : topology.nodes()) {
        out.println(describe(node, facts.node(node.name())));
      }
    }
    out.flush();
    boolean allReachable = facts.nodes().values().stream().allMatch(NodeFacts::reachable);
    return allReachable ? ExitCode.OK.code() : ExitCode.UNREACHABLE.code();
  }

  private static String describe(Node node, NodeFacts facts) {
    String head = String.format("%-8s %s", node.name(), node.host());
    if (!facts.reachable()) {
      return head + "  UNREACHABLE: " + facts.unreachableReason().orElse("");
    }
    if (!facts.installed()) {
      return head + "  no Confluence at " + node.installDir();
    }
    StringBuilder line = new StringBuilder(head).append("  ")
        .append(facts.state().orElse(facts.pidAlive() ? "starting (no answer yet)" : "stopped"))
        .append(facts.clustered() ? ", Data Center node of '" + facts.clusterName().orElse("?") + "'" : ", Server (not clustered)")
        .append(", license ").append(facts.licenseEdition().name().toLowerCase(java.util.Locale.ROOT));
    facts.buildNumber().ifPresent(build -> line.append(", build ").append(build));
    line.append("\n         install ").append(node.installDir()).append(", home ").append(node.localHome());
    facts.sharedHome().ifPresent(shared -> line.append(", shared home ").append(shared));
    if (facts.clustered() && !facts.peers().isEmpty()) {
      line.append("\n         peers ").append(String.join(", ", facts.peers()));
    }
    return line.toString();
  }
}
