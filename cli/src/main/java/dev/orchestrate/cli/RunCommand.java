package dev.orchestrate.cli;

import dev.orchestrate.core.Trace;
import dev.orchestrate.core.playbook.Playbook;
import dev.orchestrate.core.run.Output;
import dev.orchestrate.core.run.PlaybookRun;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.ssh.SshTransport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Trace.mark("run: options parsed");
    Topology hosts = TopologyFiles.load(topology, err);
    Playbook book = Playbooks.load(playbook);
    Trace.mark("run: cluster.yaml and playbook read");
    PlaybookRun.Request request = new PlaybookRun.Request(book, limit == null ? List.of() : limit, dryRun,
        parallel.tasks());
    try (SshTransport transport = hostKeys.transport()) {
      return PlaybookRun.create(new Output(out, err, false, TextDisplay.lines())).run(request, hosts, transport).code();
    }
  }
}
