package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.sandbox.Sandbox;
import dev.orchestrate.ssh.Keys;
import dev.orchestrate.ssh.OpenSshServer;
import dev.orchestrate.ssh.ServerFixtures;
import dev.orchestrate.ssh.ServerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code orchestrate run} with a plain playbook written for Ansible — twenty {@code command}
 * tasks on {@code hosts: confluence} — over the topology's hosts: the sandbox's embedded SSH
 * servers, and real OpenSSH servers.
 */
class RunOnHostsTest {
  private static final Path TWENTY = Path.of("../examples/playbooks/twenty-commands.yml");

  @TempDir
  Path dir;

  private static void assertEveryTaskRanOnEveryNode(CliTest.Run run, List<String> nodes) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out().lines().filter(l -> l.startsWith("TASK [step "))).hasSize(20);
    for (String node : nodes) {
      assertThat(run.out().lines().filter(l -> l.startsWith("ok: [" + node + "]"))).as(node).hasSize(20);
      assertThat(run.out()).containsPattern(node + " +: ok=20 +changed=0 +unreachable=0 +failed=0");
    }
  }

  @Test
  void runsOnTheSandboxHosts() {
    Sandbox.Options options = Sandbox.Options.defaults().withDir(dir.resolve("sandbox")).withNodes(3).withAttachmentsMb(1)
        .withFirstAddress("127.0.1.115").withStartDelay(Duration.ofMillis(200));
    Sandbox.Status sandbox = Sandbox.up(options);
    try {
      String yaml = sandbox.layout().clusterYaml().toString();
      assertEveryTaskRanOnEveryNode(CliTest.run("run", TWENTY.toString(), "--topology", yaml),
          List.of("node1", "node2", "node3"));

      CliTest.Run limited = CliTest.run("run", TWENTY.toString(), "--topology", yaml, "--limit", "node2");
      assertThat(limited.out().lines().filter(l -> l.startsWith("ok: ["))).hasSize(20).allMatch(l -> l.contains("node2"));
    } finally {
      Sandbox.down(options.dir());
    }
  }

  @Test
  void runsOnRealOpenSshHosts() throws Exception {
    ServerFixtures.requireOpenSsh();
    Path key = Keys.generate(dir.resolve("id_ed25519"), "ed25519", "");
    Path authorized = dir.resolve("authorized_keys");
    Keys.authorize(authorized, key);
    List<OpenSshServer> servers = new ArrayList<>();
    try {
      StringBuilder knownHosts = new StringBuilder();
      StringBuilder nodes = new StringBuilder();
      for (int k = 1; k <= 3; k++) {
        OpenSshServer server = OpenSshServer.start(ServerSpec.of("127.0.1.12" + k, authorized, dir.resolve("sshd" + k)));
        servers.add(server);
        knownHosts.append(server.knownHostsLine()).append('\n');
        nodes.append("  - {name: node").append(k).append(", host: ").append(server.address())
            .append(", ssh: {port: ").append(server.port()).append("}}\n");
      }
      Files.writeString(dir.resolve("known_hosts"), knownHosts);
      Files.writeString(dir.resolve("license.txt"), "not-a-real-license");
      Files.writeString(dir.resolve("db-password"), "not-a-real-password");
      Path yaml = dir.resolve("cluster.yaml");
      Files.writeString(yaml, """
          cluster: {name: real-hosts, edition: datacenter}
          ssh: {user: %s, identityFile: id_ed25519, knownHosts: known_hosts}
          confluence: {sharedHome: /media/shared, license: {file: license.txt}}
          database: {url: "jdbc:postgresql://db:5432/confluence", username: confluence, passwordFile: db-password}
          nodes:
          %s""".formatted(System.getProperty("user.name"), nodes));

      assertEveryTaskRanOnEveryNode(CliTest.run("run", TWENTY.toString(), "--topology", yaml.toString()),
          List.of("node1", "node2", "node3"));
      CliTest.Run dryRun = CliTest.run("run", TWENTY.toString(), "--topology", yaml.toString(), "--dry-run");
      assertThat(dryRun.out()).contains("dry run: nothing is changed");
      assertThat(dryRun.out().lines().filter(l -> l.startsWith("skipping: ["))).hasSize(60);
    } finally {
      servers.forEach(OpenSshServer::close);
    }
  }
}
