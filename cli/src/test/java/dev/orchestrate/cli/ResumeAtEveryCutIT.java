package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume at any cut: the Server → Data Center migration of two nodes, its controller killed
 * (SIGKILL) right after each task of the graph ends, in turn — the first apply after the first
 * task, the next apply, resuming, after the next, and so on — until an apply is left to finish.
 * Every apply after a kill resumes the same run without --force-unlock (the dead holder ran on
 * this machine), and the last one ends with both nodes RUNNING and every attachment and
 * shared-home file as before. One chain of kills, not a fresh sandbox per cut: each cut is a
 * state the next apply must cope with, which is what a chain of them proves, at a fraction of
 * the time.
 */
class ResumeAtEveryCutIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern JOURNAL = Pattern.compile("journal [^:\\s]+:(\\S+\\.jsonl)");

  @TempDir
  Path dir;

  @Test
  void anApplyKilledAfterEachTaskInTurnStillEndsInAHealthyCluster() throws Exception {
    Path sandboxDir = dir.resolve("sandbox");
    Sandbox.Status sandbox = Sandbox.up(Sandbox.Options.defaults().withDir(sandboxDir).withNodes(2).withAttachmentsMb(1)
        .withFirstAddress("127.0.1.221").withStartDelay(Duration.ofMillis(200)));
    try {
      String yaml = sandbox.layout().clusterYaml().toString();
      Map<String, String> attachments = Attachments.of(sandbox.layout().localHome(1).resolve("attachments"));
      Map<String, String> sharedHome = Attachments.of(sandbox.layout().localHome(1).resolve("shared-home"));
      List<String> cuts = new ArrayList<>();
      Path journal = null;
      for (int attempt = 1; attempt <= 200; attempt++) {
        Path log = dir.resolve("apply-" + attempt + ".log");
        Process apply = new ProcessBuilder(ROOT.resolve("orchestrate").toString(), "apply", yaml, "--yes")
            .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (journal == null) {
          journal = awaitJournal(apply, log);
        }
        int ends = ends(journal);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (apply.isAlive() && ends(journal) == ends && Instant.now().isBefore(deadline)) {
          Thread.sleep(2);
        }
        if (!apply.isAlive()) {
          String out = Files.readString(log);
          assertThat(apply.exitValue()).as(out).isZero();
          assertThat(out).contains("Apply complete.");
          if (attempt > 1) {
            assertThat(out).contains("Resuming run").doesNotContain("--force-unlock");
          }
          break;
        }
        apply.destroyForcibly().waitFor();
        String ended = lastEnd(journal);
        assertThat(ended).as("a task failed instead of being cut after: " + Files.readString(log))
            .doesNotContain("\"status\":\"failed\"");
        cuts.add(vertex(ended));
        if (attempt > 1) {
          assertThat(Files.readString(log)).as("apply " + attempt + " after a kill").contains("Resuming run");
        }
      }
      assertThat(cuts).as("the applies killed, each after the task named").hasSizeGreaterThan(15);
      for (int k = 1; k <= 2; k++) {
        assertThat(Sandbox.confluenceState("127.0.1.22" + k, 8090)).as("node" + k).isEqualTo("RUNNING");
      }
      assertThat(Attachments.of(sandbox.layout().sharedHome().resolve("attachments"))).isEqualTo(attachments);
      Map<String, String> shared = Attachments.of(sandbox.layout().sharedHome());
      sharedHome.forEach((path, sum) -> assertThat(shared).containsEntry(path, sum));
      assertThat(LauncherIT.launch(60, "apply", yaml, "--yes").out()).contains("No changes.");
    } finally {
      Sandbox.down(sandboxDir);
    }
  }

  /** The journal's path, once the first apply has printed it. */
  private static Path awaitJournal(Process apply, Path log) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    while (Instant.now().isBefore(deadline)) {
      Matcher found = JOURNAL.matcher(Files.readString(log));
      if (found.find()) {
        return Path.of(found.group(1));
      }
      assertThat(apply.isAlive()).as("the apply ended before it journaled: " + Files.readString(log)).isTrue();
      Thread.sleep(2);
    }
    throw new AssertionError("no journal named in " + Files.readString(log));
  }

  private static int ends(Path journal) throws Exception {
    if (!Files.exists(journal)) {
      return 0;
    }
    int count = 0;
    for (String line : new String(Files.readAllBytes(journal), StandardCharsets.UTF_8).split("\n")) {
      if (line.contains("\"type\":\"end\"")) {
        count++;
      }
    }
    return count;
  }

  private static String lastEnd(Path journal) throws Exception {
    String last = "";
    for (String line : new String(Files.readAllBytes(journal), StandardCharsets.UTF_8).split("\n")) {
      if (line.contains("\"type\":\"end\"")) {
        last = line;
      }
    }
    return last;
  }

  private static String vertex(String record) {
    Matcher vertex = Pattern.compile("\"vertex\":\"([^\"]*)\"").matcher(record);
    return vertex.find() ? vertex.group(1) : "?";
  }
}
