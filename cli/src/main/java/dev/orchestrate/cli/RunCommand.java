package dev.orchestrate.cli;

import dev.orchestrate.core.Trace;
import dev.orchestrate.core.compiler.Compiler;
import dev.orchestrate.core.compiler.KnownConditions;
import dev.orchestrate.core.executor.Executor;
import dev.orchestrate.core.executor.RunSummary;
import dev.orchestrate.core.facts.FactGatherer;
import dev.orchestrate.core.facts.Facts;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.graph.TaskGraphBuilder;
import dev.orchestrate.core.module.StandardModules;
import dev.orchestrate.core.playbook.Inventory;
import dev.orchestrate.core.playbook.Playbook;
import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.ssh.SshTransport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orchestrate run}: an Ansible-like playbook against the topology's hosts. */
@Command(
    name = "run",
    description = {
        "Runs an Ansible-like playbook (the subset docs/playbooks.md describes) against the hosts of a cluster.yaml.",
        "PLAYBOOK is a file, or the name of a built-in procedure: server-to-datacenter, add-nodes,"
            + " datacenter-to-server, rolling-restart, stop-nodes, start-nodes."},
    footerHeading = "%nExample:%n",
    footer = {"  orchestrate run restart.yml --topology cluster.yaml --limit node2,node3 --dry-run"})
final class RunCommand implements Callable<Integer> {
  /** What a playbook names when it needs the nodes' facts: the facts, or a group made from them. */
  private static final Set<String> FACT_NAMES = Set.of("facts", "new_nodes", "cluster_nodes", "stopped_nodes",
      "running_others");

  @Spec
  private CommandSpec spec;

  @Mixin
  private HostKeyOptions hostKeys;

  @Parameters(paramLabel = "PLAYBOOK", description = "The playbook to run.")
  private Path playbook;

  @Option(names = "--topology", paramLabel = "FILE", required = true, description = "The cluster.yaml naming the hosts.")
  private Path topology;

  @Option(names = "--limit", paramLabel = "NODES", split = ",", description = "Only these nodes (comma-separated names).")
  private List<String> limit;

  @Option(names = "--dry-run", description = "Change nothing; show what would change (Ansible's check mode).")
  private boolean dryRun;

  @Mixin
  private ParallelOption parallel;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Trace.mark("run: options parsed");
    Topology hosts = TopologyFiles.load(topology, spec.commandLine().getErr());
    Playbook book = Playbooks.load(playbook);
    Trace.mark("run: cluster.yaml and playbook read");
    try (SshTransport transport = Runs.transport(hostKeys)) {
      Runs.connect(transport, hosts);
      Trace.mark("run: connected");
      // Facts cost a command per node; read them only for a playbook that uses them.
      Facts facts = book.mentions(FACT_NAMES) ? FactGatherer.create(transport).gather(hosts) : null;
      Inventory inventory = Compiler.inventory(hosts, facts);
      Templar templar = Templar.create(Environment.system(), book.directory());
      TaskGraph graph = TaskGraphBuilder.on(inventory).limit(limit).skipping(KnownConditions.of(inventory, templar))
          .add(book, "").build();
      Trace.mark("run: graph built");
      String runId = Runs.newRunId();
      out.println("run " + runId + ": " + book.name() + " on " + String.join(", ", inventory.nodes())
          + (dryRun ? " (dry run: nothing is changed)" : ""));
      balancerNote(hosts, book).ifPresent(out::println);
      ConsoleReport report = new ConsoleReport(out);
      Executor executor = Executor.create(graph, inventory, StandardModules.registry(),
          templar,
          Runs.context(transport, hosts, runId, dryRun, book.directory()), parallel.tasks(), report);
      RunSummary summary = executor.walk();
      Trace.mark("run: walked");
      report.recap(summary);
      return summary.exitCode().code();
    }
  }

  /**
   * A playbook that restarts nodes with a balancer in front that orchestrate does not drive: say
   * that only the balancer's health checks protect the users, as a plan does.
   */
  private static java.util.Optional<String> balancerNote(Topology hosts, Playbook book) {
    boolean restarts = book.runs("confluence_service", "state", "restarted");
    return hosts.loadBalancer().kind().filter(kind -> restarts && hosts.loadBalancer().admin().isEmpty())
        .map(kind -> "note: the load balancer (" + kind.yamlName() + ") is not told of these restarts ("
            + (kind == dev.orchestrate.core.topology.LoadBalancer.Kind.HAPROXY ? "no loadBalancer.admin"
                : kind.yamlName() + " has no runtime API orchestrate can use")
            + "): only its health checks keep users away from a node while it restarts");
  }

}
