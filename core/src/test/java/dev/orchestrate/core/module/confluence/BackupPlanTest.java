package dev.orchestrate.core.module.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.confluence.BackupPlan.Backup;
import dev.orchestrate.core.module.confluence.BackupPlan.Create;
import dev.orchestrate.core.module.confluence.BackupPlan.Settled;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.undo.BackupKept;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * backup's decisions, with no host: what the read-only look makes it do, and what the writing
 * script's output makes of the task.
 */
class BackupPlanTest {
  private static final Backup BACKUP = Backup.of(RemotePath.of("/var/confluence"), RemotePath.of("/backups"),
      "local-home", "run7");
  private static final BackupKept KEPT = new BackupKept("/backups/local-home-run7.tar.gz",
      "/backups/local-home-run7.sha256", "/var/confluence");
  private static final String FIGURES = "sha256 " + "ab".repeat(32) + "\nbytes 1234\nfiles 3\n";

  @Test
  void theArchiveIsNamedByTheRunAndNeverKeptInsideWhatItBacksUp() {
    assertThat(BACKUP.archive()).isEqualTo(RemotePath.of("/backups/local-home-run7.tar.gz"));
    assertThat(BACKUP.manifest()).isEqualTo(RemotePath.of("/backups/local-home-run7.sha256"));
    assertThat(BACKUP.insideItself()).isFalse();
    assertThat(Backup.of(RemotePath.of("/var/confluence"), RemotePath.of("/var/confluence/backups"), "home", "r")
        .insideItself()).isTrue();
  }

  @Test
  void aMissingSourceFailsUnlessAllowed() {
    assertThat(settled(probe(0, "missing\n"), false, false)).isEqualTo(ModuleResult.failed(
        "/var/confluence does not exist; nothing to back up (missing_ok: true allows that)"));
    assertThat(settled(probe(0, "missing\n"), true, true)).isEqualTo(ModuleResult.ok(
        "/var/confluence does not exist; nothing to back up"));
  }

  @Test
  void thisRunsVerifiedArchiveIsLeftAsItIs() {
    ModuleResult result = settled(probe(0, "present\n" + FIGURES), false, false);

    assertThat(result.failed()).isFalse();
    assertThat(result.changed()).isFalse();
    assertThat(result.message()).isEqualTo("/backups/local-home-run7.tar.gz is there and verifies already");
    assertThat(result.fields()).isEqualTo(Map.of("archive", "/backups/local-home-run7.tar.gz",
        "manifest", "/backups/local-home-run7.sha256", "bytes", 1234L, "files", 3L, "sha256", "ab".repeat(32)));
    assertThat(result.undo()).containsExactly(KEPT);
    assertThat(settled(probe(0, "present\n" + FIGURES), false, true)).as("check mode alike").isEqualTo(result);
  }

  @Test
  void anArchiveThatDoesNotVerifyFailsTheTaskAndIsNotWrittenAgain() {
    ModuleResult result = settled(probe(1, "problem /backups/local-home-run7.tar.gz is not a sound gzip file\n"),
        false, false);

    assertThat(result).isEqualTo(ModuleResult.failed("backup of /var/confluence to /backups/local-home-run7.tar.gz"
        + " failed: /backups/local-home-run7.tar.gz is not a sound gzip file"));
    assertThat(settled(probe(1, "problem ./a is missing from the archive\nproblem ./b is 3 bytes, but 4 in the"
        + " archive\n"), false, false).message()).endsWith("failed: ./a is missing from the archive\n./b is 3 bytes,"
        + " but 4 in the archive");
  }

  @Test
  void aLookThatFailsSaysWhatTheHostSaid() {
    assertThat(settled(new CommandResult(1, "", "sudo: a password is required\n", false, Duration.ZERO), false,
        false).message()).isEqualTo("backup of /var/confluence to /backups/local-home-run7.tar.gz failed: status 1:"
        + " sudo: a password is required");
  }

  @Test
  void checkModeOnlySaysItWouldBackUp() {
    assertThat(settled(probe(0, "absent\n"), false, true)).isEqualTo(ModuleResult.changed(
        "would back up /var/confluence to /backups/local-home-run7.tar.gz"));
  }

  @Test
  void anArchiveNotThereYetIsWrittenVerifiedAndOnlyThenNamed() {
    BackupPlan plan = BackupPlan.decide(BACKUP, probe(0, "absent\n"), false, false);

    assertThat(plan).isInstanceOf(Create.class);
    String script = ((Create) plan).command().script();
    assertThat(script).contains("archive=/backups/local-home-run7.tar.gz", "problem $archive appeared meanwhile");
    assertThat(script.indexOf("appeared meanwhile")).isLessThan(script.indexOf("mkdir -p"));
    assertThat(script.indexOf("tar -C \"$base\" -cf - \"$item\"; echo $? > \"$work/tarred\"; } | gzip -1 >"
        + " \"$archive.partial\""))
        .isNotNegative().isLessThan(script.indexOf("verify \"$archive.partial\""));
    assertThat(List.of(script.indexOf("wait $summing ||"), script.indexOf("wait $listing ||")))
        .as("the manifest and the sizes verified against are complete first")
        .allSatisfy(waited -> assertThat(waited).isNotNegative().isLessThan(script.indexOf("verify \"$archive.partial\"")));
    assertThat(script.indexOf("verify \"$archive.partial\"")).as("verified before it gets its name")
        .isLessThan(script.indexOf("mv -- \"$archive.partial\" \"$archive\""));
    assertThat(((Create) plan).command().timeout()).isEqualTo(Duration.ofHours(12));
  }

  @Test
  void aWrittenArchiveIsReportedWithItsFiguresAndKept() {
    Create create = new Create(BACKUP);

    ModuleResult result = create.result(probe(0, "created\n" + FIGURES));

    assertThat(result.changed()).isTrue();
    assertThat(result.message()).isEqualTo("backed up /var/confluence to /backups/local-home-run7.tar.gz: 3 files,"
        + " 1.2 KB compressed");
    assertThat(result.undo()).containsExactly(KEPT);
    ModuleResult failed = create.result(probe(1, "problem tar failed: tar: ./index: file changed as we read it \n"));
    assertThat(failed.failed()).isTrue();
    assertThat(failed.undo()).as("no record of an archive that was never named").isEmpty();
    assertThat(failed.message()).isEqualTo("backup of /var/confluence to /backups/local-home-run7.tar.gz failed: tar"
        + " failed: tar: ./index: file changed as we read it ");
  }

  private static ModuleResult settled(CommandResult probe, boolean missingOk, boolean checkMode) {
    BackupPlan plan = BackupPlan.decide(BACKUP, probe, checkMode, missingOk);
    assertThat(plan).isInstanceOf(Settled.class);
    return ((Settled) plan).result();
  }

  private static CommandResult probe(int status, String stdout) {
    return new CommandResult(status, stdout, "", false, Duration.ZERO);
  }
}
