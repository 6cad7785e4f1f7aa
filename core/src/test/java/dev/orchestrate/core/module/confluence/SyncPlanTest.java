package dev.orchestrate.core.module.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.confluence.SyncPlan.Compare;
import dev.orchestrate.core.module.confluence.SyncPlan.Copy;
import dev.orchestrate.core.module.confluence.SyncPlan.Settled;
import dev.orchestrate.core.module.confluence.SyncPlan.Sync;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.CopyReport;
import dev.orchestrate.core.undo.SetAside;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** sync's decisions, with no host: what the look at dest makes it do, and what the fingerprints and the copy mean. */
class SyncPlanTest {
  private static final Sync SYNC = new Sync("node1", RemotePath.of("/opt/atlassian/confluence"),
      RemotePath.of("/opt/atlassian/confluence"));
  private static final String DIGEST = "0123456789abcdef".repeat(4);

  @Test
  void theParentOfAnAbsentDestIsMadeOnlyOutsideCheckMode() {
    assertThat(SYNC.probe(false).script()).isEqualTo("if [ -e /opt/atlassian/confluence ] || [ -L"
        + " /opt/atlassian/confluence ]; then echo present; else mkdir -p -- /opt/atlassian; fi");
    assertThat(SYNC.probe(true).script()).doesNotContain("mkdir");
    assertThat(new Sync("node1", RemotePath.of("/data"), RemotePath.of("/data")).parent()).isEqualTo("/");
  }

  @Test
  void aLookThatFailsChangesNothing() {
    assertThat(settled(ran(1, "", "mkdir: cannot create directory '/opt/atlassian': Permission denied\n"), false))
        .isEqualTo(ModuleResult.failed("cannot create /opt/atlassian on node2, status 1: mkdir: cannot create"
            + " directory '/opt/atlassian': Permission denied"));
  }

  @Test
  void checkModeOnlySaysItWouldCopy() {
    assertThat(settled(ran(0, "", ""), true)).isEqualTo(ModuleResult.changed(
        "would copy node1:/opt/atlassian/confluence to /opt/atlassian/confluence"));
  }

  @Test
  void aDestThatIsThereIsComparedInCheckModeToo() {
    for (boolean checkMode : new boolean[] {false, true}) {
      assertThat(SyncPlan.decide(SYNC, "node2", ran(0, "present\n", ""), checkMode)).isInstanceOf(Compare.class);
    }
  }

  @Test
  void aDestThatIsTheSameTreeIsKeptAndAnyOtherFailsTheTask() {
    Compare compare = new Compare(SYNC);

    assertThat(compare.result("node2", ran(0, DIGEST + " 120\n", ""), ran(0, DIGEST + " 120\n", "")))
        .isEqualTo(ModuleResult.ok("/opt/atlassian/confluence is there already on node2 and is the same as"
            + " node1:/opt/atlassian/confluence, file by file (120 files); kept"));
    assertThat(compare.result("node2", ran(0, DIGEST + " 120\n", ""), ran(0, "f".repeat(64) + " 118\n", "")))
        .isEqualTo(ModuleResult.failed("/opt/atlassian/confluence is there already on node2 and is not a copy of"
            + " node1:/opt/atlassian/confluence (118 files there, 120 in the source, contents differ); a copy never"
            + " overwrites: move /opt/atlassian/confluence aside and apply again to copy it afresh"));
    assertThat(compare.result("node2", ran(0, DIGEST + " 120\n", ""), ran(2, "", "cd: can't cd\n")).message())
        .isEqualTo("/opt/atlassian/confluence is there already on node2 and cannot be compared with"
            + " node1:/opt/atlassian/confluence, status 2: cd: can't cd; nothing was changed");
    assertThat(compare.result("node2", ran(0, "garbage\n", ""), ran(0, DIGEST + " 120\n", "")).failed()).isTrue();
  }

  @Test
  void anAbsentDestReceivesTheCopyAndItsUndo() {
    SyncPlan plan = SyncPlan.decide(SYNC, "node2", ran(0, "", ""), false);

    assertThat(plan).isInstanceOf(Copy.class);
    Copy copy = (Copy) plan;
    assertThat(copy.intent()).isEqualTo(SetAside.copy("/opt/atlassian/confluence"));
    ModuleResult result = copy.copied(new CopyReport(120, 10, 2, 3 << 20, 1 << 20, DIGEST, Duration.ofSeconds(2)));
    assertThat(result.changed()).isTrue();
    assertThat(result.message()).isEqualTo("copied node1:/opt/atlassian/confluence to /opt/atlassian/confluence: 120"
        + " files, 3.0 MB");
    assertThat(result.fields()).containsEntry("files", 120L).containsEntry("bytes", 3L << 20)
        .containsEntry("seconds", 2.0).containsEntry("rate", 524288L);
    assertThat(result.undo()).containsExactly(SetAside.copy("/opt/atlassian/confluence"));
    assertThat(copy.progress(1 << 20, Duration.ofSeconds(1))).isEqualTo("copying node1:/opt/atlassian/confluence:"
        + " 1.0 MB at 1.0 MB/s");
    assertThat(copy.failed("checksums differ")).isEqualTo(ModuleResult.failed("cannot copy"
        + " node1:/opt/atlassian/confluence to /opt/atlassian/confluence: checksums differ"));
  }

  private static ModuleResult settled(CommandResult probe, boolean checkMode) {
    SyncPlan plan = SyncPlan.decide(SYNC, "node2", probe, checkMode);
    assertThat(plan).isInstanceOf(Settled.class);
    return ((Settled) plan).result();
  }

  private static CommandResult ran(int status, String stdout, String stderr) {
    return new CommandResult(status, stdout, stderr, false, Duration.ZERO);
  }
}
