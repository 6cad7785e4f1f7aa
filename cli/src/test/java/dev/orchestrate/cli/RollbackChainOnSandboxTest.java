package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.journal.ClusterLock;
import dev.orchestrate.core.journal.ClusterState;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.topology.TopologyLoader;
import dev.orchestrate.sandbox.Sandbox;
import dev.orchestrate.ssh.SshTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's runs as a chain on the sandbox: an apply that fails, fixed by hand and applied
 * again, is resumed; a rollback then undoes it and the apply before it, back to the Server, with
 * cluster.yaml's nodes in another order. The state is found by the cluster's name; a lock left by
 * a gone process of this machine is taken over; state on two nodes is refused.
 */
class RollbackChainOnSandboxTest {
  @TempDir
  Path dir;

  private Sandbox.Status up(String firstAddress, int nodes) {
    return SandboxHosts.up(dir.resolve("sandbox"), firstAddress, nodes, 2);
  }

  @Test
  void aFailedApplyAndTheOneBeforeItAreRolledBackToTheServerWhateverTheOrderOfNodes() throws Exception {
    Sandbox.Status sandbox = up("127.0.1.211", 3);
    try {
      Path sandboxDir = dir.resolve("sandbox");
      Path full = sandbox.layout().clusterYaml();
      String yaml = Files.readString(full);
      Path twoNodes = sandboxDir.resolve("two-nodes.yaml");
      Files.writeString(twoNodes, yaml.replace(SandboxHosts.nodeLines(yaml, 3), ""));
      Map<String, String> before = Attachments.of(sandbox.layout().localHome(1).resolve("attachments"));
      String cfgBefore = Files.readString(sandbox.layout().localHome(1).resolve("confluence.cfg.xml"));

      CliTest.Run two = CliTest.run("apply", twoNodes.toString(), "--yes");
      assertThat(two.exitCode()).as(two.out() + two.err()).isZero();
      // Content left in node2's local home, where a clustered node refuses to start: adding node3 restarts it, and fails.
      Path stray = sandbox.layout().localHome(2).resolve("attachments");
      Files.createDirectories(stray);
      Files.writeString(stray.resolve("stray.txt"), "left behind");

      CliTest.Run failed = CliTest.run("apply", full.toString(), "--yes");
      assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
      assertThat(failed.out()).contains("fatal: [node2]");
      Files.move(stray, sandbox.layout().hostRoot(2).resolve("stray-attachments"));
      SandboxHosts.stopConfluence(sandboxDir, 2);
      CliTest.Run fixed = CliTest.run("apply", full.toString(), "--yes");
      assertThat(fixed.exitCode()).as(fixed.out() + fixed.err()).isZero();
      assertThat(fixed.out()).contains("Resuming run", "which failed", "Apply complete.");
      for (int k = 1; k <= 3; k++) {
        assertThat(Sandbox.confluenceState("127.0.1.21" + k, 8090)).as("node" + k).isEqualTo("RUNNING");
      }

      Path reordered = sandboxDir.resolve("reordered.yaml");
      String[] nodes = {SandboxHosts.nodeLines(yaml, 1), SandboxHosts.nodeLines(yaml, 2), SandboxHosts.nodeLines(yaml, 3)};
      Files.writeString(reordered, yaml.replace(nodes[0] + nodes[1] + nodes[2], nodes[2] + nodes[1] + nodes[0]));
      CliTest.Run list = CliTest.run("rollback", reordered.toString(), "--list");
      assertThat(list.exitCode()).as(list.out() + list.err()).isZero();
      assertThat(list.out()).contains("state in node1:", "2 run(s) since the cluster was last known good", "1. ",
          "2. ", "apply", "succeeded", "undo records:", "node3").doesNotContain("3. ");

      CliTest.Run rollback = CliTest.run("rollback", reordered.toString(), "--yes");

      assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isZero();
      assertThat(Sandbox.confluenceState("127.0.1.211", 8090)).isEqualTo("RUNNING");
      assertThat(Sandbox.confluenceState("127.0.1.212", 8090)).isEqualTo("not running");
      assertThat(Sandbox.confluenceState("127.0.1.213", 8090)).isEqualTo("not running");
      assertThat(Files.readString(sandbox.layout().localHome(1).resolve("confluence.cfg.xml"))).isEqualTo(cfgBefore);
      assertThat(Attachments.of(sandbox.layout().localHome(1).resolve("attachments"))).isEqualTo(before).isNotEmpty();
      assertThat(CliTest.run("rollback", full.toString(), "--list").out()).contains("No run since the cluster was last"
          + " known good");
      assertThat(CliTest.run("rollback", full.toString(), "--yes").out()).contains("Nothing to roll back");
    } finally {
      Sandbox.down(dir.resolve("sandbox"));
    }
  }

  @Test
  void aLockOfAGoneProcessHereIsTakenOverAndStateOnTwoNodesIsRefused() throws Exception {
    Sandbox.Status sandbox = up("127.0.1.215", 2);
    try {
      Path yaml = sandbox.layout().clusterYaml();
      Topology topology = TopologyLoader.create(Environment.system()).load(yaml).orThrow();
      Process gone = new ProcessBuilder("true").start();
      gone.waitFor();
      try (SshTransport transport = SshTransport.create(Environment.system(), SshTransport.Options.defaults())) {
        ClusterState state = ClusterState.find(transport, topology);
        assertThat(state.describe()).isEqualTo("node1:" + sandbox.layout().localHome(1).getParent()
            .resolve("orchestrate/clusters/sandbox-wiki"));
        ClusterLock.acquire(transport, state, new ClusterLock.Holder("dead-run", "apply",
            ClusterLock.Holder.me("probe", "apply").host(), "ops", gone.pid(), Instant.now()), false, w -> { });
      }

      CliTest.Run rollback = CliTest.run("rollback", yaml.toString(), "--yes");

      assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isZero();
      assertThat(rollback.err()).contains("taking over the cluster's lock from run dead-run",
          "no longer runs on this machine");
      assertThat(rollback.out()).contains("Nothing to roll back");
      Path state = sandbox.layout().localHome(1).getParent().resolve("orchestrate/clusters/sandbox-wiki");
      assertThat(state.resolve("lock")).doesNotExist();

      Path second = sandbox.layout().localHome(2).getParent().resolve("orchestrate/clusters/sandbox-wiki");
      Files.createDirectories(second);
      CliTest.Run twice = CliTest.run("rollback", yaml.toString(), "--list");
      assertThat(twice.exitCode()).isEqualTo(4);
      assertThat(twice.err()).contains("node1:" + state, "node2:" + second, "move the folder away by hand");
    } finally {
      Sandbox.down(dir.resolve("sandbox"));
    }
  }
}
