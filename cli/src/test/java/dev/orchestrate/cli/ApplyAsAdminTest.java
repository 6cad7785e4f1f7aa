package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job as an admin does it on real machines ({@link IsolatedHosts#asAdmin}): logged in as {@code
 * deploy} with {@code become: sudo}, Confluence owned by and running as {@code confluence}.
 * Server → Data Center, a second apply that changes nothing, rollback to the Server, the
 * migration again, and Data Center → Server; after each, every attachment and shared-home file
 * has its owner, mode and checksum from before, every folder the run made belongs to the
 * service user, and every node that should serve is RUNNING as that user.
 */
class ApplyAsAdminTest {
  private static final List<String> ADDRESSES = List.of("127.0.1.241", "127.0.1.242", "127.0.1.243");
  private static final String CONFLUENCE = IsolatedHosts.SERVICE_USER + ":" + IsolatedHosts.SERVICE_USER;

  @TempDir
  Path dir;

  @Test
  void anAdminWithSudoMigratesAServerOwnedByItsServiceUserAndBack() throws Exception {
    Path sandboxDir = dir.resolve("sandbox");
    Sandbox.Status sandbox = IsolatedHosts.serverAtDefaultPaths(sandboxDir, ADDRESSES.get(0), 2);
    try {
      try (IsolatedHosts hosts = IsolatedHosts.asAdmin(sandbox, ADDRESSES, dir)) {
        migrateAndBack(sandbox, hosts);
      }
    } finally {
      Sandbox.down(sandboxDir);
    }
  }

  private void migrateAndBack(Sandbox.Status sandbox, IsolatedHosts hosts) throws Exception {
    var layout = sandbox.layout();
    Files.writeString(dir.resolve("known_hosts"), hosts.knownHosts());
    Path cluster = dir.resolve("cluster.yaml");
    Files.writeString(cluster, yaml(sandbox, hosts, "datacenter", layout.dataCenterLicense()));
    Path server = dir.resolve("server.yaml");
    Files.writeString(server, yaml(sandbox, hosts, "server", layout.serverLicense()));
    SandboxHosts.startFirstNode(cluster, dir);
    assertServing(sandbox, 1);
    Path home = layout.localHome(1);
    Map<String, String> attachments = IsolatedHosts.ledger(home.resolve("attachments"));
    Map<String, String> sharedHome = IsolatedHosts.ledger(home.resolve("shared-home"));
    String config = IsolatedHosts.ledger(home).get("confluence.cfg.xml");
    assertThat(attachments).isNotEmpty().allSatisfy((path, entry) -> assertThat(entry).startsWith(CONFLUENCE));

    CliTest.Run apply = CliTest.run("apply", cluster.toString(), "--yes");

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    assertThat(apply.out()).contains("runs as confluence:confluence (from bin/user.sh)");
    Path shared = layout.sharedMount().resolve("shared-home");
    assertThat(IsolatedHosts.ledger(shared.resolve("attachments"))).isEqualTo(attachments);
    assertThat(IsolatedHosts.ownedOtherwise(shared, CONFLUENCE)).as("entries of the shared home not the service user's")
        .isEmpty();
    assertThat(withoutTop(IsolatedHosts.ledger(shared))).containsAllEntriesOf(withoutTop(sharedHome));
    for (int k = 1; k <= 3; k++) {
      assertServing(sandbox, k);
      assertThat(IsolatedHosts.ownedOtherwise(layout.localHome(k), CONFLUENCE)).as("node" + k + "'s local home").isEmpty();
      Map<String, String> install = IsolatedHosts.ledger(layout.installDir(k));
      assertThat(install.get("")).as("node" + k + "'s install dir").startsWith("root:root");
      assertThat(install.get("bin/start-confluence.sh")).startsWith("root:root");
      for (String own : List.of("logs", "temp", "work")) {
        assertThat(install.get(own)).as("node" + k + "'s " + own).startsWith(CONFLUENCE);
      }
    }

    assertThat(CliTest.run("apply", cluster.toString(), "--yes").out()).contains("No changes.");

    CliTest.Run rollback = CliTest.run("rollback", cluster.toString(), "--yes");

    assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isZero();
    assertServing(sandbox, 1);
    assertThat(IsolatedHosts.ledger(home.resolve("attachments"))).isEqualTo(attachments);
    assertThat(IsolatedHosts.ledger(home.resolve("shared-home"))).isEqualTo(sharedHome);
    assertThat(IsolatedHosts.ledger(home).get("confluence.cfg.xml")).isEqualTo(config);
    for (int k = 2; k <= 3; k++) {
      assertThat(Sandbox.confluenceState(ADDRESSES.get(k - 1), 8090)).as("node" + k).isNotEqualTo("RUNNING");
    }

    CliTest.Run again = CliTest.run("apply", cluster.toString(), "--yes");
    assertThat(again.exitCode()).as(again.out() + again.err()).isZero();

    CliTest.Run back = CliTest.run("apply", server.toString(), "--yes");

    assertThat(back.exitCode()).as(back.out() + back.err()).isZero();
    assertServing(sandbox, 1);
    assertThat(IsolatedHosts.ledger(home.resolve("attachments"))).isEqualTo(attachments);
    assertThat(IsolatedHosts.ownedOtherwise(home, CONFLUENCE)).as("node1's local home after the way back").isEmpty();
    // Atlassian's way back: config/ into <local home>/shared-home, the rest of the shared home into
    // the local home itself; each with its owner, mode and content from before.
    Map<String, String> inShared = IsolatedHosts.ledger(home.resolve("shared-home"));
    Map<String, String> inHome = IsolatedHosts.ledger(home);
    withoutTop(sharedHome).forEach((path, entry) -> assertThat(path.startsWith("config") ? inShared.get(path)
        : inHome.get(path)).as(path).isEqualTo(entry));
  }

  private static Map<String, String> withoutTop(Map<String, String> ledger) {
    Map<String, String> entries = new TreeMap<>(ledger);
    entries.remove("");
    return entries;
  }

  private static void assertServing(Sandbox.Status sandbox, int k) throws Exception {
    assertThat(Sandbox.confluenceState(ADDRESSES.get(k - 1), 8090)).as("node" + k).isEqualTo("RUNNING");
    assertThat(IsolatedHosts.confluenceUsers(ADDRESSES.get(k - 1))).as("the users node" + k + "'s Confluence runs as")
        .containsExactly(IsolatedHosts.SERVICE_USER);
  }

  private String yaml(Sandbox.Status sandbox, IsolatedHosts hosts, String edition, Path license) {
    return hosts.clusterYaml(sandbox, "admin-wiki", edition, license, IsolatedHosts.ADMIN);
  }
}
