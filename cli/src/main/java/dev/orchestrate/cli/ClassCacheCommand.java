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
import dev.orchestrate.sandbox.ssh.ClientKeys;
import dev.orchestrate.sandbox.ssh.EmbeddedSshServer;
import dev.orchestrate.ssh.SshTransport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code orchestrate class-cache-training} (hidden): what the launcher runs once after it builds
 * the jar, under {@code -XX:ArchiveClassesAtExit}, to make the class-data sharing archive every
 * later command starts from. It touches what a run loads — the command line and its help, a
 * cluster.yaml read and checked, every built-in procedure parsed and built into a graph, a
 * template rendered, the SSH client set up and a connection refused, and a small playbook run by
 * {@code orchestrate run} against an embedded SSH server on 127.0.0.1 (the sandbox's), so that a
 * handshake, a login, commands on the persistent shell and on a session of their own, templates
 * and the report are loaded too — and nothing outside a temporary folder. Commands it does not
 * reach still run; their classes load as without an archive.
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
  /** One node, the embedded server; %1$s is the folder, %2$s the user, %3$d the port. */
  private static final String RUN_CLUSTER = """
      cluster: {name: training, edition: datacenter}
      ssh: {user: %2$s, identityFile: %1$s/client_key, knownHosts: %1$s/known_hosts}
      confluence:
        sharedHome: /media/atl/confluence/shared-home
        license: {file: %1$s/license.txt}
      database: {url: "jdbc:postgresql://db:5432/confluence", username: confluence, passwordFile: %1$s/db-password}
      nodes:
        - {name: node1, host: 127.0.0.1, ssh: {port: %3$d}}
      """;
  /** The kinds of task a run has most: commands, a registered result, facts set, a file written. */
  private static final String PLAYBOOK = """
      - name: Training
        hosts: confluence
        gather_facts: false
        tasks:
          - name: A command
            command: echo trained
            register: said
            changed_when: false
          - name: A shell
            shell: echo "{{ said.stdout | upper }}" | tr A-Z a-z
            changed_when: false
          - set_fact:
              word: "{{ said.stdout ~ '-' ~ inventory_hostname }}"
          - assert:
              that: ["word is defined", "said.rc == 0"]
          - debug:
              msg: "{{ word }}"
          - name: A file
            copy:
              content: "{{ word }}\\n"
              dest: %s/written.txt
              mode: "0600"
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
      run(dir);
      return 0;
    } finally {
      MoreFiles.deleteRecursively(dir);
    }
  }

  private static void run(Path dir) throws IOException {
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.writeString(dir.resolve("authorized_keys"), ClientKeys.write(dir.resolve("client_key"), "training"));
    // As the sandbox's server runs: without registering BouncyCastle, which orchestrate never needs.
    System.setProperty("org.apache.sshd.security.provider.BC.enabled", "false");
    try (EmbeddedSshServer server = EmbeddedSshServer.builder().address("127.0.0.1").hostKey(dir.resolve("host_key"))
        .authorizedKeys(dir.resolve("authorized_keys")).directory(home).start()) {
      Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");
      Path cluster = Files.writeString(dir.resolve("run-cluster.yaml"),
          RUN_CLUSTER.formatted(dir, System.getProperty("user.name"), server.port()));
      Path playbook = Files.writeString(dir.resolve("training.yml"), PLAYBOOK.formatted(home));
      String[] args = {"run", playbook.toString(), "--topology", cluster.toString()};
      CommandLine commandLine = Cli.commandLine(args);
      StringWriter output = new StringWriter();
      commandLine.setOut(new PrintWriter(output));
      commandLine.setErr(new PrintWriter(output));
      if (commandLine.execute(args) != 0) {
        throw new IllegalStateException("the training run failed:\n" + output);
      }
    }
  }

}
