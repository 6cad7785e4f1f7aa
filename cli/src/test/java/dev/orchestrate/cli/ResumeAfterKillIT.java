package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An apply killed with SIGKILL in the middle of copying node 1 to the new nodes, then started
 * again (taking over the dead run's lock, as only --force-unlock may): it resumes the same run,
 * skips what was done, checks the interrupted task again, and ends with the cluster the first
 * one would have made — every attachment intact. Then a rollback, killed the same way as it
 * undoes its first change, resumed, and ending with the Server back as it was.
 */
class ResumeAfterKillIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir
  Path dir;

  @Test
  void aKilledApplyResumesWhereItStopped() throws Exception {
    Path sandboxDir = dir.resolve("sandbox");
    Sandbox.Status sandbox = Sandbox.up(Sandbox.Options.defaults().withDir(sandboxDir).withNodes(3).withAttachmentsMb(2)
        .withFirstAddress("127.0.1.231").withStartDelay(Duration.ofMillis(300)));
    try {
      String yaml = sandbox.layout().clusterYaml().toString();
      Map<String, String> before = Attachments.of(sandbox.layout().localHome(1).resolve("attachments"));
      Path runs = SandboxHosts.journals(sandbox);

      Process first = new ProcessBuilder(ROOT.resolve("orchestrate").toString(), "apply", yaml, "--yes")
          .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("first.log").toFile()).start();
      Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
      while (!SandboxHosts.journalMentions(runs, "\"type\":\"start\",\"run\"", "Copy the") && Instant.now().isBefore(deadline)) {
        assertThat(first.isAlive()).as("the first apply ended before the copy: " + Files.readString(dir.resolve("first.log")))
            .isTrue();
        Thread.sleep(20);
      }
      first.destroyForcibly().waitFor();

      LauncherIT.Run second = LauncherIT.launch(240, "apply", yaml, "--yes", "--force-unlock");

      assertThat(second.exitCode()).as(second.out()).isZero();
      assertThat(second.out()).contains("taking over the cluster's lock", "Resuming run", "task(s) done are skipped",
          "Apply complete.");
      for (int k = 1; k <= 3; k++) {
        assertThat(Sandbox.confluenceState("127.0.1.23" + k, 8090)).as("node" + k).isEqualTo("RUNNING");
      }
      assertThat(Attachments.of(sandbox.layout().sharedHome().resolve("attachments"))).isEqualTo(before);
      assertThat(LauncherIT.launch(60, "apply", yaml, "--yes").out()).contains("No changes.");

      // Now the rollback, killed as it undoes the first change, then run again.
      Process rollback = new ProcessBuilder(ROOT.resolve("orchestrate").toString(), "rollback", yaml, "--yes")
          .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("rollback.log").toFile()).start();
      deadline = Instant.now().plus(Duration.ofMinutes(2));
      while (!SandboxHosts.journalMentions(runs, "\"type\":\"start\"", "Undo ") && Instant.now().isBefore(deadline)) {
        assertThat(rollback.isAlive()).as("the rollback ended before its first undo: "
            + Files.readString(dir.resolve("rollback.log"))).isTrue();
        Thread.sleep(5);
      }
      rollback.destroyForcibly().waitFor();

      LauncherIT.Run resumed = LauncherIT.launch(240, "rollback", yaml, "--yes", "--force-unlock");

      assertThat(resumed.exitCode()).as(resumed.out()).isZero();
      assertThat(resumed.out()).contains("Resuming rollback", "Rollback complete.");
      assertThat(Sandbox.confluenceState("127.0.1.231", 8090)).isEqualTo("RUNNING");
      assertThat(Sandbox.confluenceState("127.0.1.232", 8090)).isEqualTo("not running");
      assertThat(Attachments.of(sandbox.layout().localHome(1).resolve("attachments"))).isEqualTo(before);
      assertThat(LauncherIT.launch(60, "rollback", yaml, "--yes").out()).contains("Nothing to roll back");
    } finally {
      Sandbox.down(sandboxDir);
    }
  }
}
