package dev.orchestrate.cli;

import com.google.common.io.MoreFiles;
import dev.orchestrate.core.compiler.Compiler;
import dev.orchestrate.core.compiler.KnownConditions;
import dev.orchestrate.core.graph.TaskGraphBuilder;
import dev.orchestrate.core.playbook.Inventory;
import dev.orchestrate.core.playbook.Playbook;
import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.playbooks.BuiltInPlaybooks;
import dev.orchestrate.ssh.SshTransport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/**
 * {@code orchestrate class-cache-training} (hidden): what the launcher runs once after it builds
 * the jar, under {@code -XX:ArchiveClassesAtExit}, to make the class-data sharing archive every
 * later command starts from. It touches what a run loads — the command line and its help, a
 * cluster.yaml read and checked, every built-in procedure parsed and built into a graph, a
 * template rendered, the SSH client set up and a connection refused — and nothing outside a
 * temporary folder. Commands it does not reach still run; their classes load as without an archive.
 */
@Command(name = "class-cache-training", hidden = true,
    description = "Loads what a run loads, for the launcher's class-data sharing archive.")
final class ClassCacheCommand implements Callable<Integer> {
  private static final String CLUSTER = """
      cluster: {name: training, edition: datacenter}
      ssh: {user: nobody, knownHosts: known_hosts}
      confluence:
        sharedHome: /media/atl/confluence/shared-home
        license: {file: license.txt}
      database: {url: "jdbc:postgresql://db:5432/confluence", username: confluence, passwordFile: db-password}
      nodes:
        - {name: node1, host: 127.0.0.1, ssh: {port: 1}}
        - {name: node2, host: 127.0.0.2, ssh: {port: 1}}
      """;

  @Override
  public Integer call() throws IOException {
    Path dir = Files.createTempDirectory("orchestrate-training-");
    try {
      Cli.commandLine().usage(new PrintWriter(new StringWriter()));
      Files.writeString(dir.resolve("cluster.yaml"), CLUSTER);
      Files.writeString(dir.resolve("license.txt"), "training\n");
      Files.writeString(dir.resolve("db-password"), "training\n");
      Files.writeString(dir.resolve("known_hosts"), "");
      Topology topology = TopologyFiles.load(dir.resolve("cluster.yaml"), new PrintWriter(new StringWriter()));
      Environment environment = new Environment(Map.of(), dir, "training");
      Templar templar = Templar.create(environment, dir);
      Inventory inventory = Compiler.inventory(topology, null);
      BuiltInPlaybooks library = BuiltInPlaybooks.create();
      for (String name : BuiltInPlaybooks.names()) {
        Playbook book = library.playbook(name);
        TaskGraphBuilder.on(inventory).skipping(KnownConditions.of(inventory, templar)).add(book, "").build();
      }
      templar.renderFile("{% for n in groups['confluence'] %}{{ n | upper }}\n{% endfor %}",
          Map.of("groups", inventory.groups()));
      try (SshTransport transport = SshTransport.create(environment, SshTransport.Options.defaults())) {
        transport.connect(topology.nodes().stream().map(Host::of).limit(1).toList());
      } catch (RuntimeException refused) {
        // Port 1 refuses: the classes of a connection attempt are loaded, which is all this wants.
      }
      return 0;
    } finally {
      MoreFiles.deleteRecursively(dir);
    }
  }

}
