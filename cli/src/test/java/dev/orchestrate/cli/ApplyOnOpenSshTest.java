package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.sandbox.Sandbox;
import dev.orchestrate.ssh.ServerFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code orchestrate apply} and {@code rollback} through Debian's real sshd: three hosts on
 * 127.0.1.106-108, each an OpenSSH server whose sessions are those of a sandbox host (its disk,
 * its address), with Confluence Server on the first. The apply leaves a healthy three-node
 * cluster with every attachment intact and a second apply changes nothing; the rollback, planned
 * and saved first ({@code plan --rollback --out}, the backups digested on the hosts through
 * sshd) and run from the saved plan, brings the Server back, byte for byte, with the other nodes
 * stopped; after it nothing is left to roll back.
 */
class ApplyOnOpenSshTest {
  @TempDir
  Path dir;

  @Test
  void serverBecomesAThreeNodeClusterOverRealOpenSsh() throws Exception {
    ServerFixtures.requireOpenSsh();
    Path sandboxDir = dir.resolve("sandbox");
    Sandbox.Status sandbox = Sandbox.up(Sandbox.Options.defaults().withDir(sandboxDir).withNodes(3).withAttachmentsMb(3)
        .withFirstAddress("127.0.1.106").withStartDelay(Duration.ofMillis(300)));
    try (SandboxHosts.OverOpenSsh hosts = SandboxHosts.OverOpenSsh.start(sandbox, 3, dir)) {
      Path openssh = hosts.clusterYaml();
      Map<String, String> before = Attachments.of(sandbox.layout().localHome(1).resolve("attachments"));
      Map<String, String> sharedBefore = Attachments.of(sandbox.layout().localHome(1).resolve("shared-home"));
      String cfgBefore = Files.readString(sandbox.layout().localHome(1).resolve("confluence.cfg.xml"));

      CliTest.Run plan = CliTest.run("plan", openssh.toString(), "--detailed-exitcode");
      assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(2);
      assertThat(plan.out()).contains("node1 runs Confluence Server", "Copy Confluence to the new nodes");
      com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(CliTest.run("plan", openssh.toString(), "--format", "json").out());
      assertThat(json.path("vertices").findValuesAsText("node")).contains("node1", "node2", "node3");

      CliTest.Run apply = CliTest.run("apply", openssh.toString(), "--yes");

      assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
      for (int k = 1; k <= 3; k++) {
        assertThat(Sandbox.confluenceState("127.0.1.10" + (5 + k), 8090)).as("node" + k).isEqualTo("RUNNING");
      }
      assertThat(Attachments.of(sandbox.layout().sharedHome().resolve("attachments"))).isEqualTo(before).isNotEmpty();
      CliTest.Run again = CliTest.run("apply", openssh.toString(), "--yes");
      assertThat(again.exitCode()).isZero();
      assertThat(again.out()).contains("No changes.");
      assertThat(CliTest.run("plan", openssh.toString(), "--detailed-exitcode").exitCode()).isZero();

      String saved = dir.resolve("rollback.plan").toString();
      CliTest.Run planned = CliTest.run("plan", openssh.toString(), "--rollback", "--out", saved, "--detailed-exitcode");
      assertThat(planned.exitCode()).as(planned.out() + planned.err()).isEqualTo(2);
      assertThat(planned.out()).contains("Rollback plan for cluster", "checksums in", "  nodes    node1 running,"
          + " node2 running, node3 running");
      CliTest.Run rollback = CliTest.run("rollback", openssh.toString(), "--plan", saved, "--yes");

      assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isZero();
      assertThat(rollback.out()).contains("Check every attachment and shared-home file against its checksum from before",
          "Rollback complete.");
      assertThat(Sandbox.confluenceState("127.0.1.106", 8090)).isEqualTo("RUNNING");
      assertThat(Sandbox.confluenceState("127.0.1.107", 8090)).isEqualTo("not running");
      assertThat(Sandbox.confluenceState("127.0.1.108", 8090)).isEqualTo("not running");
      assertThat(Attachments.of(sandbox.layout().localHome(1).resolve("attachments"))).isEqualTo(before);
      assertThat(Attachments.of(sandbox.layout().localHome(1).resolve("shared-home"))).isEqualTo(sharedBefore)
          .isNotEmpty();
      assertThat(Files.readString(sandbox.layout().localHome(1).resolve("confluence.cfg.xml"))).isEqualTo(cfgBefore);
      assertThat(CliTest.run("plan", openssh.toString(), "--rollback", "--detailed-exitcode").exitCode()).isZero();
      CliTest.Run again2 = CliTest.run("rollback", openssh.toString(), "--yes");
      assertThat(again2.exitCode()).isZero();
      assertThat(again2.out()).contains("Nothing to roll back");
    } finally {
      Sandbox.down(sandboxDir);
    }
  }
}
