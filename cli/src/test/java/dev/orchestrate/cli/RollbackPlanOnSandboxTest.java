package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrate.sandbox.Sandbox;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollback plans on one sandbox of three hosts (127.0.1.92-94), as a CI stage uses them: a
 * migration to two nodes (run A), then a third node added (run B). A rollback plan made before B
 * is refused once B ran, changing nothing; a dry run finds every backup sound, then names one
 * missing. {@code --to A} undoes B only — cut off once by a step that fails, then finished by the
 * same saved plan, reported as JSON events. The plan of what is left is refused while its archive
 * has a byte more, before any change, then brings the Server back byte for byte; after it there
 * is nothing left to roll back, and the same plan given again says it was carried out.
 */
class RollbackPlanOnSandboxTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void aRollbackIsPlannedSavedReviewedAndRunExactlyAsPlanned() throws Exception {
    Path sandboxDir = dir.resolve("sandbox");
    Sandbox.Status sandbox = SandboxHosts.up(sandboxDir, "127.0.1.92", 3, 1);
    try {
      String full = sandbox.layout().clusterYaml().toString();
      String yaml = Files.readString(sandbox.layout().clusterYaml());
      Path twoNodes = sandboxDir.resolve("two-nodes.yaml");
      Files.writeString(twoNodes, yaml.replace(SandboxHosts.nodeLines(yaml, 3), ""));
      Map<String, String> server = serverFiles(sandbox);
      String plan = dir.resolve("rollback.plan").toString();

      CliTest.Run nothing = CliTest.run("plan", full, "--rollback", "--detailed-exitcode");
      assertThat(nothing.exitCode()).as(nothing.out() + nothing.err()).isZero();
      assertThat(nothing.out()).contains("Rollback plan for cluster sandbox-wiki", "Nothing to roll back.");

      ok(CliTest.run("apply", twoNodes.toString(), "--yes"));
      String a = SandboxHosts.chain(sandbox).get(0);
      CliTest.Run afterA = CliTest.run("plan", full, "--rollback", "--detailed-exitcode", "--out", plan);
      assertThat(afterA.exitCode()).as(afterA.out() + afterA.err()).isEqualTo(2);
      assertThat(afterA.out()).contains("Undoes 1 run, newest first: " + a, "stopped first and left stopped",
          "undo run " + a + ": restore " + sandbox.layout().localHome(1).resolve("confluence.cfg.xml"),
          "set the copy " + sandbox.layout().localHome(2) + " aside as " + sandbox.layout().localHome(2)
              + ".orchestrate-rollback-" + a, "started again after the undo", "checksums in",
          "archive  node1:" + archive(sandbox, a), "  nodes    node1 running, node2 running, node3 stopped");
      assertThat(afterA.err()).contains("Saved the rollback plan to " + plan);

      ok(CliTest.run("apply", full, "--yes"));
      List<String> chain = SandboxHosts.chain(sandbox);
      String b = chain.get(1);
      assertThat(chain).containsExactly(a, b);
      long journals = journalCount(sandbox);

      CliTest.Run stale = CliTest.run("rollback", full, "--plan", plan, "--yes");
      assertThat(stale.exitCode()).as(stale.out() + stale.err()).isEqualTo(4);
      assertThat(stale.err()).contains("no longer matches the cluster: a newer apply ran since the plan was made: run "
          + b + " joined the cluster's chain", "Nothing was changed");
      assertUntouched(sandbox, chain, journals);

      CliTest.Run notInChain = CliTest.run("rollback", full, "--to", "20200101T000000Z-000000", "--yes");
      assertThat(notInChain.exitCode()).as(notInChain.out() + notInChain.err()).isEqualTo(4);
      assertThat(notInChain.err()).contains("--to 20200101T000000Z-000000: that run is not in the cluster's chain",
          "The chain, oldest first: " + a + ", " + b);

      String toA = dir.resolve("to-a.plan").toString();
      CliTest.Run onlyB = CliTest.run("plan", full, "--rollback", "--to", a, "--format", "json", "--out", toA);
      assertThat(onlyB.exitCode()).as(onlyB.err()).isZero();
      JsonNode toAJson = JSON.readTree(onlyB.out());
      assertThat(toAJson.get("kind").textValue()).isEqualTo("rollback");
      assertThat(toAJson.at("/rollback/undoes").toString()).isEqualTo("[\"" + b + "\"]");
      assertThat(toAJson.at("/rollback/keeps").textValue()).isEqualTo(a);
      assertThat(toAJson.at("/rollback/made_from/chain").toString()).isEqualTo("[\"" + a + "\",\"" + b + "\"]");

      CliTest.Run sound = CliTest.run("rollback", full, "--dry-run");
      assertThat(sound.exitCode()).as(sound.out() + sound.err()).isZero();
      assertThat(sound.out()).contains("ok       archive node1:" + archive(sandbox, a), "gzip test passed",
          "ok       copy node1:" + copy(sandbox, a), "Dry run done: every backup the rollback would read is there");
      Path kept = Path.of(copy(sandbox, a));
      Files.move(kept, dir.resolve("kept-aside"));
      CliTest.Run missing = CliTest.run("rollback", full, "--dry-run");
      Files.move(dir.resolve("kept-aside"), kept);
      assertThat(missing.exitCode()).as(missing.out() + missing.err()).isEqualTo(1);
      assertThat(missing.out()).contains("PROBLEM  copy node1:" + kept + " (run " + a + "): MISSING",
          "1 of ", "are missing or unsound");

      // --to A undoes B only. A step that cannot set node3's copy aside cuts it off; the same plan finishes it.
      Path install3 = sandbox.layout().installDir(3);
      Path blocker = install3.resolveSibling(install3.getFileName() + ".orchestrate-rollback-" + b);
      Files.writeString(blocker, "in the way");
      CliTest.Run cut = CliTest.run("rollback", full, "--plan", toA, "--yes");
      Files.delete(blocker);
      assertThat(cut.exitCode()).as(cut.out() + cut.err()).isEqualTo(1);
      assertThat(cut.out()).contains("The rollback could not finish", "orchestrate rollback");
      Path junit = dir.resolve("rollback-report.xml");
      CliTest.Run finished = CliTest.run("rollback", full, "--plan", toA, "--yes", "--output", "json", "--junit",
          junit.toString());
      assertThat(finished.exitCode()).as(finished.out() + finished.err()).isZero();
      assertThat(finished.err()).contains("Resuming rollback", "Rollback run ");
      List<JsonNode> events = new ArrayList<>();
      for (String line : finished.out().split("\n")) {
        events.add(JSON.readTree(line));
      }
      assertThat(events).extracting(event -> event.get("event").textValue()).contains("phase", "task_start",
          "task_end").last().isEqualTo("summary");
      JsonNode summary = events.get(events.size() - 1);
      assertThat(summary.get("exit_code").intValue()).isZero();
      assertThat(summary.get("journal").textValue()).contains("node1:");
      assertThat(Files.readString(junit)).contains("<testcase");
      assertThat(SandboxHosts.chain(sandbox)).containsExactly(a);
      assertThat(Sandbox.confluenceState("127.0.1.92", 8090)).isEqualTo("RUNNING");
      assertThat(Sandbox.confluenceState("127.0.1.93", 8090)).isEqualTo("RUNNING");
      assertThat(Sandbox.confluenceState("127.0.1.94", 8090)).isEqualTo("not running");
      assertThat(install3).doesNotExist();
      assertThat(install3.resolveSibling(install3.getFileName() + ".orchestrate-rollback-" + b)).isDirectory();

      CliTest.Run left = CliTest.run("plan", full, "--rollback", "--detailed-exitcode", "--out", plan);
      assertThat(left.exitCode()).as(left.out() + left.err()).isEqualTo(2);
      assertThat(left.out()).contains("Undoes 1 run, newest first: " + a);
      Path archive = Path.of(archive(sandbox, a));
      long size = Files.size(archive);
      long journalsNow = journalCount(sandbox);
      Files.write(archive, new byte[] {0}, StandardOpenOption.APPEND);
      CliTest.Run corrupted = CliTest.run("rollback", full, "--plan", plan, "--yes");
      try (FileChannel channel = FileChannel.open(archive, StandardOpenOption.WRITE)) {
        channel.truncate(size);
      }
      assertThat(corrupted.exitCode()).as(corrupted.out() + corrupted.err()).isEqualTo(4);
      assertThat(corrupted.err()).contains("the backup node1:" + archive + " has another checksum now",
          "Nothing was changed");
      assertThat(SandboxHosts.chain(sandbox)).containsExactly(a);
      assertThat(journalCount(sandbox)).isEqualTo(journalsNow);
      assertThat(Sandbox.confluenceState("127.0.1.92", 8090)).isEqualTo("RUNNING");
      assertThat(Sandbox.confluenceState("127.0.1.93", 8090)).isEqualTo("RUNNING");
      CliTest.Run back = CliTest.run("rollback", full, "--plan", plan, "--yes");

      assertThat(back.exitCode()).as(back.out() + back.err()).isZero();
      assertThat(back.out()).contains("Rollback complete.");
      assertThat(serverFiles(sandbox)).isEqualTo(server);
      assertThat(Sandbox.confluenceState("127.0.1.92", 8090)).isEqualTo("RUNNING");
      assertThat(Sandbox.confluenceState("127.0.1.93", 8090)).isEqualTo("not running");
      CliTest.Run after = CliTest.run("plan", full, "--rollback", "--detailed-exitcode");
      assertThat(after.exitCode()).as(after.out() + after.err()).isZero();
      assertThat(after.out()).contains("Nothing to roll back.");
      CliTest.Run again = CliTest.run("rollback", full, "--plan", plan, "--yes");
      assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
      assertThat(again.out()).contains("was carried out by rollback", "nothing is left to do");
    } finally {
      Sandbox.down(sandboxDir);
    }
  }

  private static void ok(CliTest.Run run) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
  }

  /** Refused means refused: the chain and the journals as they were, every node still serving. */
  private static void assertUntouched(Sandbox.Status sandbox, List<String> chain, long journals) throws Exception {
    assertThat(SandboxHosts.chain(sandbox)).isEqualTo(chain);
    assertThat(journalCount(sandbox)).isEqualTo(journals);
    for (String address : List.of("127.0.1.92", "127.0.1.93", "127.0.1.94")) {
      assertThat(Sandbox.confluenceState(address, 8090)).as(address).isEqualTo("RUNNING");
    }
  }

  private static long journalCount(Sandbox.Status sandbox) throws IOException {
    try (Stream<Path> files = Files.list(SandboxHosts.journals(sandbox))) {
      return files.count();
    }
  }

  private static String archive(Sandbox.Status sandbox, String run) {
    return sandbox.layout().localHome(1).resolveSibling("orchestrate-backups").resolve("local-home-" + run + ".tar.gz")
        .toString();
  }

  private static String copy(Sandbox.Status sandbox, String run) {
    return sandbox.layout().localHome(1).resolve("confluence.cfg.xml.orchestrate-" + run).toString();
  }

  /**
   * What "the Server back byte for byte" compares: the checksum of every attachment and shared-home
   * file of the Server's local home, and of its configuration files.
   */
  private static Map<String, String> serverFiles(Sandbox.Status sandbox) throws Exception {
    Path home = sandbox.layout().localHome(1);
    Path install = sandbox.layout().installDir(1);
    Map<String, String> files = new TreeMap<>();
    Attachments.of(home.resolve("attachments")).forEach((file, sum) -> files.put("attachments/" + file, sum));
    Attachments.of(home.resolve("shared-home")).forEach((file, sum) -> files.put("shared-home/" + file, sum));
    for (Path config : List.of(home.resolve("confluence.cfg.xml"), install.resolve("bin/setenv.sh"),
        install.resolve("confluence/WEB-INF/classes/confluence-init.properties"))) {
      files.put(config.toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(Files.readAllBytes(config))));
    }
    assertThat(files).hasSizeGreaterThan(5);
    return files;
  }
}
