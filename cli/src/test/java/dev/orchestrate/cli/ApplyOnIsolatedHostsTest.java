package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hosts as real machines are ({@link IsolatedHosts#asRoot}), reached as root. The cluster.yaml
 * uses the defaults and no per-node path; Server on node1 becomes a
 * three-node cluster, every attachment intact, and a second apply changes nothing.
 */
class ApplyOnIsolatedHostsTest {
  private static final List<String> ADDRESSES = List.of("127.0.1.181", "127.0.1.182", "127.0.1.183");

  @TempDir
  Path dir;

  @Test
  void serverBecomesAClusterOnHostsThatSeeTheSamePaths() throws Exception {
    Path sandboxDir = dir.resolve("sandbox");
    Sandbox.Status sandbox = IsolatedHosts.serverAtDefaultPaths(sandboxDir, ADDRESSES.get(0), 3);
    try {
      try (IsolatedHosts hosts = IsolatedHosts.asRoot(sandbox, ADDRESSES, dir)) {
        Files.writeString(dir.resolve("known_hosts"), hosts.knownHosts());
        Path yaml = dir.resolve("cluster.yaml");
        Files.writeString(yaml, hosts.clusterYaml(sandbox, "isolated-wiki", "datacenter", sandbox.layout().dataCenterLicense(),
            "root"));
        migrate(sandbox, yaml);
      }
    } finally {
      Sandbox.down(sandboxDir);
    }
  }

  private void migrate(Sandbox.Status sandbox, Path yaml) throws Exception {
    SandboxHosts.startFirstNode(yaml, dir);
    Map<String, String> before = Attachments.of(sandbox.layout().localHome(1).resolve("attachments"));

    CliTest.Run apply = CliTest.run("apply", yaml.toString(), "--yes");

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    for (int k = 1; k <= 3; k++) {
      assertThat(Sandbox.confluenceState("127.0.1.18" + k, 8090)).as("node" + k).isEqualTo("RUNNING");
      assertThat(Files.readString(sandbox.layout().installDir(k)
          .resolve("confluence/WEB-INF/classes/confluence-init.properties")))
          .contains("confluence.home=/var/atlassian/application-data/confluence");
    }
    assertThat(Attachments.of(sandbox.layout().sharedMount().resolve("shared-home/attachments"))).isEqualTo(before)
        .isNotEmpty();
    assertThat(CliTest.run("apply", yaml.toString(), "--yes").out()).contains("No changes.");
  }
}
