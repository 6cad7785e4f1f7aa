package dev.orchestrate.core.run;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.ExitCode;
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
import dev.orchestrate.core.topology.LoadBalancer;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.Transport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code run}: an Ansible-like playbook against the topology's hosts, walked once as it is —
 * no plan, lock, journal or resume; those belong to the procedures {@link Apply} walks.
 */
public final class PlaybookRun {
  /** What a playbook names when it needs the nodes' facts: the facts, or a group made from them. */
  private static final Set<String> FACT_NAMES = Set.of("facts", "new_nodes", "cluster_nodes", "stopped_nodes",
      "running_others");

  /**
   * What a user asked for.
   *
   * @param limit only these nodes; empty for all
   * @param dryRun change nothing; show what would change (Ansible's check mode)
   */
  public record Request(Playbook playbook, List<String> limit, boolean dryRun, int parallel) {
    public Request {
      requireNonNull(playbook, "playbook");
      limit = List.copyOf(limit);
    }
  }

  private final Output output;

  private PlaybookRun(Output output) {
    this.output = output;
  }

  public static PlaybookRun create(Output output) {
    return new PlaybookRun(requireNonNull(output, "output"));
  }

  /** Runs the playbook; its lines and recap go to {@code output.out()}, the tasks through {@code output.display()}. */
  public ExitCode run(Request request, Topology topology, Transport transport) {
    Playbook book = request.playbook();
    PrintWriter out = output.out();
    Hosts.connect(transport, topology);
    Trace.mark("run: connected");
    // Facts cost a command per node; read them only for a playbook that uses them.
    Facts facts = book.mentions(FACT_NAMES) ? FactGatherer.create(transport).gather(topology) : null;
    Inventory inventory = Compiler.inventory(topology, facts);
    Templar templar = Templar.create(Environment.system(), book.directory());
    TaskGraph graph = TaskGraphBuilder.on(inventory).limit(request.limit())
        .skipping(KnownConditions.of(inventory, templar)).add(book, "").build();
    Trace.mark("run: graph built");
    String runId = RunId.next();
    out.println("run " + runId + ": " + book.name() + " on " + String.join(", ", inventory.nodes())
        + (request.dryRun() ? " (dry run: nothing is changed)" : ""));
    balancerNote(topology, book).ifPresent(out::println);
    Display.View view = output.display().open(out, inventory.nodes());
    Executor executor = Executor.create(graph, inventory, StandardModules.registry(), templar,
        Hosts.context(transport, topology, runId, request.dryRun(), book.directory()), request.parallel(), view);
    RunSummary summary;
    try {
      summary = executor.walk();
    } finally {
      view.end();
    }
    Trace.mark("run: walked");
    view.recap(summary);
    return summary.exitCode();
  }

  /**
   * A playbook that restarts nodes with a balancer in front that orchestrate does not drive: says
   * that only the balancer's health checks protect the users, as a plan does.
   */
  static Optional<String> balancerNote(Topology topology, Playbook book) {
    boolean restarts = book.runs("confluence_service", "state", "restarted");
    return topology.loadBalancer().kind().filter(kind -> restarts && topology.loadBalancer().admin().isEmpty())
        .map(kind -> "note: the load balancer (" + kind.yamlName() + ") is not told of these restarts ("
            + (kind == LoadBalancer.Kind.HAPROXY ? "no loadBalancer.admin"
                : kind.yamlName() + " has no runtime API orchestrate can use")
            + "): only its health checks keep users away from a node while it restarts");
  }
}
