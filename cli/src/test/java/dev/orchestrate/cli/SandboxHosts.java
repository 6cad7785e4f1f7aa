package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.sandbox.Sandbox;
import dev.orchestrate.ssh.OpenSshServer;
import dev.orchestrate.ssh.ServerSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the end-to-end tests do to a sandbox's hosts besides orchestrate: reach them through OpenSSH, stop a node, read a journal. */
final class SandboxHosts {
  private SandboxHosts() {}

  /**
   * The sandbox's hosts reached through Debian's sshd, one per host on the host's own address,
   * whose sessions are those of that host; {@code clusterYaml} is the sandbox's cluster.yaml with
   * each node's sshd port and only OpenSSH's host keys known, so a session through the sandbox's
   * own SSH servers would be refused.
   */
  record OverOpenSsh(List<OpenSshServer> servers, Path clusterYaml) implements AutoCloseable {
    static OverOpenSsh start(Sandbox.Status sandbox, int nodes, Path work) throws Exception {
      Path sandboxDir = sandbox.layout().dir();
      String yaml = Files.readString(sandbox.layout().clusterYaml());
      StringBuilder knownHosts = new StringBuilder();
      List<OpenSshServer> servers = new ArrayList<>();
      for (int k = 1; k <= nodes; k++) {
        String address = sandbox.hosts().get(k - 1).address();
        OpenSshServer server = OpenSshServer.start(ServerSpec.of(address, sandboxDir.resolve("authorized_keys"),
            work.resolve("sshd" + k)).withVariables(Sandbox.hostEnvironment(sandboxDir, k)));
        servers.add(server);
        knownHosts.append(server.knownHostsLine()).append('\n');
        yaml = yaml.replace("    host: " + address + "\n", "    host: " + address + "\n    ssh: {port: " + server.port()
            + "}\n");
      }
      Files.writeString(sandboxDir.resolve("openssh_known_hosts"), knownHosts);
      Path file = sandboxDir.resolve("cluster-openssh.yaml");
      Files.writeString(file, yaml.replace("knownHosts: known_hosts", "knownHosts: openssh_known_hosts"));
      return new OverOpenSsh(List.copyOf(servers), file);
    }

    @Override
    public void close() {
      servers.forEach(OpenSshServer::close);
    }
  }

  /** A sandbox in {@code dir} of {@code nodes} hosts from {@code firstAddress}, nodes RUNNING 0.3 s after their start. */
  static Sandbox.Status up(Path dir, String firstAddress, int nodes, int attachmentsMb) {
    return Sandbox.up(Sandbox.Options.defaults().withDir(dir).withNodes(nodes).withAttachmentsMb(attachmentsMb)
        .withFirstAddress(firstAddress).withStartDelay(Duration.ofMillis(300)));
  }

  /** Starts the first node's Confluence through orchestrate itself (a playbook written in {@code work}), as the cluster.yaml logs in. */
  static void startFirstNode(Path clusterYaml, Path work) throws Exception {
    startConfluence(clusterYaml, work, "first");
  }

  /** Starts Confluence on the nodes {@code hosts} names (a playbook's hosts: pattern) through orchestrate itself. */
  static void startConfluence(Path clusterYaml, Path work, String hosts) throws Exception {
    Path start = work.resolve("start-" + hosts.replaceAll("[^A-Za-z0-9]", "-") + ".yml");
    Files.writeString(start, """
        - hosts: %s
          tasks:
            - confluence_service:
                state: started
                install_dir: "{{ node.installDir }}"
                local_home: "{{ node.localHome }}"
                status_url: "http://{{ node.host }}:{{ confluence.httpPort }}/status"
        """.formatted(hosts));
    CliTest.Run started = CliTest.run("run", start.toString(), "--topology", clusterYaml.toString());
    assertThat(started.exitCode()).as(started.out() + started.err()).isZero();
  }

  /** Stops host {@code k}'s Confluence with its own stop script, as someone on that host would. */
  static void stopConfluence(Path sandboxDir, int k) throws Exception {
    Path stop = Sandbox.status(sandboxDir).layout().installDir(k).resolve("bin/stop-confluence.sh");
    ProcessBuilder builder = new ProcessBuilder(stop.toString()).redirectErrorStream(true);
    builder.environment().putAll(Sandbox.hostEnvironment(sandboxDir, k));
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
  }

  /** Node {@code k}'s lines in a sandbox's cluster.yaml, to write one without it or with the nodes in another order. */
  static String nodeLines(String yaml, int k) {
    Matcher block = Pattern.compile("(?m)^  - name: node" + k + "\\n(    .*\\n)*").matcher(yaml);
    assertThat(block.find()).as("node" + k + " in cluster.yaml").isTrue();
    return block.group();
  }

  /** The sandbox cluster's chain, oldest first: the runs a rollback undoes. */
  static List<String> chain(Sandbox.Status sandbox) throws Exception {
    Path chain = journals(sandbox).resolveSibling("chain");
    return Files.exists(chain) ? Files.readAllLines(chain).stream().filter(line -> !line.isBlank()).toList() : List.of();
  }

  /** Where the sandbox cluster's journals are: its state folder beside node1's local home. */
  static Path journals(Sandbox.Status sandbox) {
    return sandbox.layout().localHome(1).getParent().resolve("orchestrate/clusters/sandbox-wiki/runs");
  }

  /** Whether a journal in {@code runs} has a line holding every one of {@code parts}. */
  static boolean journalMentions(Path runs, String... parts) throws Exception {
    if (!Files.isDirectory(runs)) {
      return false;
    }
    try (Stream<Path> files = Files.list(runs)) {
      for (Path journal : files.toList()) {
        for (String line : new String(Files.readAllBytes(journal), StandardCharsets.UTF_8).split("\n")) {
          if (Arrays.stream(parts).allMatch(line::contains)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Waits until a journal in {@code runs} has a line holding every one of {@code parts}, as a test
   * that acts at a chosen step of {@code run} must; fails if the run ends first or {@code limit} passes.
   */
  static void awaitJournal(Path runs, CompletableFuture<CliTest.Run> run, Duration limit, String... parts)
      throws Exception {
    Instant deadline = Instant.now().plus(limit);
    while (!journalMentions(runs, parts)) {
      if (run.isDone()) {
        CliTest.Run ended = run.join();
        throw new AssertionError("the run ended (exit " + ended.exitCode() + ") before its journal showed "
            + List.of(parts) + ":\n" + ended.out() + ended.err());
      }
      assertThat(Instant.now()).as("no journal line showed %s within %s", List.of(parts), limit).isBefore(deadline);
      Thread.sleep(10);
    }
  }
}
