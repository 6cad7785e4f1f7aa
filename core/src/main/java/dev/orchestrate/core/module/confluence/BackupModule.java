package dev.orchestrate.core.module.confluence;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.confluence.BackupPlan.Backup;
import dev.orchestrate.core.module.confluence.BackupPlan.Create;
import dev.orchestrate.core.module.confluence.BackupPlan.Settled;
import dev.orchestrate.core.module.confluence.RemoteScript.BadArgument;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.undo.BackupKept;
import java.util.Set;

/**
 * {@code backup}: archives a directory (or file) {@code src} on its node as {@code
 * <dest>/<name>-<runId>.tar.gz}, with {@code <name>-<runId>.sha256} beside it listing every
 * file's SHA-256 by its path relative to {@code src} (so {@code cd src && sha256sum -c} checks a
 * restored tree). The run id in the names keeps two runs from ever sharing a backup.
 *
 * <p>Check: one read-only script, whether src exists and whether this run's archive exists and
 * verifies; {@link BackupPlan} decides from what it printed. Apply: one script writes the manifest,
 * in the background, while tar (modes, symbolic links, and owners when restored by root) is
 * compressed with {@code gzip -1}, both under {@code .partial} names; it then verifies the archive
 * in one decompression (gzip's own check of the CRC and length in its trailer, and every file of
 * the manifest listed by tar with its size on disk) while its SHA-256 is computed beside, and only
 * then gives both their names; a backup that does not verify is removed and fails the task. A
 * rerun finds a verified archive and leaves it.
 * Undo: a {@link BackupKept}: backups are kept, so there is nothing to undo; the record says where
 * the archive and its manifest are, for the rollback to check the files it puts back. It is
 * recorded when the backup verifies, and never intended: a backup cut off leaves no archive under
 * its name, and a rollback must not check files against a manifest that was never written.
 */
public final class BackupModule implements Module {
  @Override
  public String name() {
    return "backup";
  }

  /** It checks before it changes, so running it again after a dropped connection is safe. */
  @Override
  public boolean safeToRerun() {
    return true;
  }

  @Override
  public Set<String> arguments() {
    return Set.of("src", "dest", "name", "missing_ok");
  }

  @Override
  public Set<String> requiredArguments() {
    return Set.of("src", "dest");
  }

  @Override
  public ModuleResult execute(ModuleCall call) {
    RemotePath src;
    RemotePath dest;
    String name;
    try {
      src = RemoteScript.path(call, "src");
      dest = RemoteScript.path(call, "dest");
      name = call.string("name", src.isRoot() ? "root" : src.value().substring(src.value().lastIndexOf('/') + 1));
      if (name.isBlank() || name.contains("/")) {
        throw new BadArgument("name must be a file name without '/', not '" + name + "'");
      }
    } catch (BadArgument e) {
      return ModuleResult.failed(e.getMessage());
    }
    Backup backup = Backup.of(src, dest, name, call.runId());
    if (backup.insideItself()) {
      return ModuleResult.failed("dest " + dest + " lies inside src " + src + ": the archive would hold itself;"
          + " keep backups outside what they back up");
    }
    BackupPlan plan = BackupPlan.decide(backup, call.run(backup.probe()), call.checkMode(),
        call.flag("missing_ok", false));
    return plan instanceof Create create ? create.result(call.run(create.command())) : ((Settled) plan).result();
  }
}
