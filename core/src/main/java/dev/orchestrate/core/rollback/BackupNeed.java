package dev.orchestrate.core.rollback;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.plan.RollbackBasis;
import dev.orchestrate.core.undo.BackupKept;
import dev.orchestrate.core.undo.RestoreFile;

/**
 * A file that undoing a run relies on, as its journal names it: the verified archive of a home
 * (kind {@link RollbackBasis.Backup#ARCHIVE}), whose manifest the rollback's last step checks the
 * files it put back against; or the copy of an edited file as it was before the run (kind {@link
 * RollbackBasis.Backup#COPY}, {@code FILE.orchestrate-RUN}), which the rollback puts back over it.
 *
 * @param companion an archive's manifest; the file a copy is put back over
 * @param sha256Before a copy's: the edited file's checksum before the run, when the journal knows
 *     it; a file that has it needs no copy (the edit never happened); empty otherwise
 */
public record BackupNeed(String run, String node, String kind, String path, String companion, String sha256Before) {
  public BackupNeed {
    requireNonNull(run, "run");
    requireNonNull(node, "node");
    if (!kind.equals(RollbackBasis.Backup.ARCHIVE) && !kind.equals(RollbackBasis.Backup.COPY)) {
      throw new IllegalArgumentException("a backup is an archive or a copy, not '" + kind + "'");
    }
    requireNonNull(path, "path");
    requireNonNull(companion, "companion");
    requireNonNull(sha256Before, "sha256Before");
  }

  /** The archive {@code kept} made, whose manifest the rollback checks the files it put back against. */
  static BackupNeed archive(String run, String node, BackupKept kept) {
    return new BackupNeed(run, node, RollbackBasis.Backup.ARCHIVE, kept.archive(), kept.manifest(), "");
  }

  /** The copy {@code restore} puts back over the file it edited; it needs one ({@code restore.backup()} not empty). */
  static BackupNeed copy(String run, String node, RestoreFile restore) {
    return new BackupNeed(run, node, RollbackBasis.Backup.COPY, restore.backup(), restore.path(),
        restore.sha256Before());
  }

  public boolean isArchive() {
    return kind.equals(RollbackBasis.Backup.ARCHIVE);
  }

  /** {@code node1:/path}, for messages. */
  public String where() {
    return node + ":" + path;
  }

  /** This backup as it was found: {@code bytes} -1 when it is not there. */
  public RollbackBasis.Backup found(long bytes, String sha256, long checksums, String companionSha256) {
    return new RollbackBasis.Backup(run, node, kind, path, companion, bytes, sha256, isArchive() ? checksums : 0,
        isArchive() ? companionSha256 : "");
  }
}
