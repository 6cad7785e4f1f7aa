package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.sandbox.Sandbox;
import dev.orchestrate.ssh.ServerFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Things going wrong on purpose, each ending in "no file lost", proven by checksums: too little
 * disk on a new node, a remote command that hangs, garbage on a command's output, and every SSH
 * connection to a node dropped in the middle of the copy. (The controller killed during the copy
 * is ResumeAfterKillIT; a node that never starts, a stale plan, a changed host key and two
 * applies at once are in ApplyOnSandboxTest.)
 */
class FaultInjectionTest {
  @TempDir
  Path dir;

  private Sandbox.Status up(String firstAddress) {
    return SandboxHosts.up(dir.resolve("sandbox"), firstAddress, 3, 2);
  }

  @Test
  void tooLittleDiskOnANewNodeIsRefusedBeforeAnythingChanges() throws Exception {
    boolean root = System.getProperty("user.name").equals("root");
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(root, "skipped outside CI: needs root to mount a small tmpfs as node3's disk");
    }
    Sandbox.Status sandbox = up("127.0.1.171");
    Path small = sandbox.layout().hostRoot(3).resolve("opt");
    Files.createDirectories(small);
    run("mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", small.toString());
    try {
      Path cfg = sandbox.layout().localHome(1).resolve("confluence.cfg.xml");
      String before = Files.readString(cfg);
      Map<String, String> attachments = Attachments.of(sandbox.layout().localHome(1).resolve("attachments"));

      CliTest.Run apply = CliTest.run("apply", sandbox.layout().clusterYaml().toString(), "--yes");

      assertThat(apply.exitCode()).isEqualTo(1);
      assertThat(apply.out()).contains("fatal: [node3]", "free at " + small);
      assertThat(Files.readString(cfg)).isEqualTo(before);
      assertThat(Attachments.of(sandbox.layout().localHome(1).resolve("attachments"))).isEqualTo(attachments);
      assertThat(Sandbox.confluenceState("127.0.1.171", 8090)).isEqualTo("RUNNING");
      assertThat(sandbox.layout().localHome(1).getParent().resolve("orchestrate-backups")).doesNotExist();
    } finally {
      run("umount", small.toString());
      Sandbox.down(dir.resolve("sandbox"));
    }
  }

  @Test
  void aHangingCommandIsStoppedAtTheTaskTimeoutAndGarbageOutputIsReported() throws Exception {
    Sandbox.Status sandbox = Sandbox.up(Sandbox.Options.defaults().withDir(dir.resolve("sandbox")).withNodes(1)
        .withAttachmentsMb(1).withFirstAddress("127.0.1.175"));
    try {
      Path playbook = dir.resolve("faults.yml");
      String marker = "orchestrate-hang-" + System.nanoTime();
      Files.writeString(playbook, """
          - hosts: confluence
            tasks:
              - name: Print garbage
                shell: head -c 200000 /dev/urandom; printf '\\\\000\\\\377 done'
              - name: Hang
                shell: "sleep 600 # %s"
                timeout: 2
          """.formatted(marker));
      Instant start = Instant.now();

      CliTest.Run run = CliTest.run("run", playbook.toString(), "--topology", sandbox.layout().clusterYaml().toString());

      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(60));
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.out()).contains("changed: [node1]", "fatal: [node1]");
      Thread.sleep(500);
      assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
          .filter(c -> c.contains(marker))).as("the hanging command's processes").isEmpty();
      assertThat(Sandbox.confluenceState("127.0.1.175", 8090)).isEqualTo("RUNNING");
    } finally {
      Sandbox.down(dir.resolve("sandbox"));
    }
  }

  @Test
  void everyConnectionToANodeDroppedDuringTheCopyThenApplyAgainConverges() throws Exception {
    ServerFixtures.requireOpenSsh();
    Path sandboxDir = dir.resolve("sandbox");
    Sandbox.Status sandbox = up("127.0.1.177");
    try (SandboxHosts.OverOpenSsh hosts = SandboxHosts.OverOpenSsh.start(sandbox, 3, dir)) {
      Path file = hosts.clusterYaml();
      Map<String, String> before = Attachments.of(sandbox.layout().localHome(1).resolve("attachments"));
      Path runs = SandboxHosts.journals(sandbox);

      CompletableFuture<CliTest.Run> first = CompletableFuture.supplyAsync(() -> CliTest.run("apply", file.toString(), "--yes"));
      Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
      while (!SandboxHosts.journalMentions(runs, "\"type\":\"start\"", "Copy the") && Instant.now().isBefore(deadline) && !first.isDone()) {
        Thread.sleep(10);
      }
      hosts.servers().get(1).dropConnections();
      CliTest.Run interrupted = first.get(3, TimeUnit.MINUTES);

      CliTest.Run again = CliTest.run("apply", file.toString(), "--yes");

      assertThat(again.exitCode()).as(interrupted.out() + "\n-----\n" + again.out() + again.err()).isZero();
      for (int k = 1; k <= 3; k++) {
        assertThat(Sandbox.confluenceState("127.0.1." + (176 + k), 8090)).as("node" + k).isEqualTo("RUNNING");
      }
      assertThat(Attachments.of(sandbox.layout().sharedHome().resolve("attachments"))).isEqualTo(before);
      assertThat(CliTest.run("apply", file.toString(), "--yes").out()).contains("No changes.");
    } finally {
      Sandbox.down(sandboxDir);
    }
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
  }
}
