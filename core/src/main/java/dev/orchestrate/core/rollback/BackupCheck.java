package dev.orchestrate.core.rollback;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.module.confluence.BackupModule;
import dev.orchestrate.core.plan.RollbackBasis;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Shell;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * {@code rollback --dry-run}: whether every backup the rollback would read is there and sound,
 * changing nothing. An archive is checked by the {@code backup} module itself in check mode — the
 * check a run makes before it trusts an archive: gzip's own test of the whole file, and its listing
 * against its manifest, file by file with sizes — so a dry run and a backup agree on what "sound"
 * is. A copy of an edited file must be there, unless the file already is as before the run (the
 * edit never happened, and the rollback finds nothing to put back).
 */
public final class BackupCheck {
  /** What the check found of one backup: {@code sound}, or what is wrong, in words. */
  public record Finding(BackupNeed backup, boolean sound, String said) {
    public Finding {
      requireNonNull(backup, "backup");
      requireNonNull(said, "said");
    }
  }

  private BackupCheck() {}

  /**
   * Checks {@code needs}, as {@link BackupProbe} found them ({@code found}, in the same order).
   *
   * @param contexts the module context of each run, by run id: a backup's name holds its run's id
   */
  public static List<Finding> check(List<BackupNeed> needs, List<RollbackBasis.Backup> found,
      Function<String, TransportModuleCall.Context> contexts) {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < needs.size(); i++) {
      BackupNeed need = needs.get(i);
      RollbackBasis.Backup backup = found.get(i);
      TransportModuleCall.Context context = contexts.apply(need.run());
      findings.add(need.isArchive() ? archive(need, backup, context) : copy(need, backup, context));
    }
    return List.copyOf(findings);
  }

  /**
   * The module is given the archive itself as {@code src}: it looks at {@code src} only to know
   * that there is something to back up, and in check mode, with this run's archive of that name
   * there, verifies it and writes nothing. The home it was made of may have moved since.
   */
  private static Finding archive(BackupNeed need, RollbackBasis.Backup backup, TransportModuleCall.Context context) {
    if (!backup.present()) {
      return new Finding(need, false, "MISSING: the archive is not there (or cannot be read)");
    }
    String file = need.path();
    String name = file.substring(file.lastIndexOf('/') + 1);
    String suffix = "-" + need.run() + ".tar.gz";
    if (!name.endsWith(suffix) || name.length() == suffix.length()) {
      return new Finding(need, false, "cannot check it: a backup of run " + need.run() + " is named NAME" + suffix);
    }
    TransportModuleCall call = new TransportModuleCall(context, need.node(), need.node(), Map.of("src", file,
        "dest", file.substring(0, file.lastIndexOf('/')), "name", name.substring(0, name.length() - suffix.length()),
        "missing_ok", true), UnaryOperator.identity(), progress -> { });
    ModuleResult result = new BackupModule().execute(call);
    if (result.failed()) {
      return new Finding(need, false, "UNSOUND: " + result.message());
    }
    if (!result.fields().containsKey("files")) {
      return new Finding(need, false, "MISSING: " + result.message());
    }
    return new Finding(need, true, "sound: gzip test passed, its " + result.fields().get("files") + " files listed"
        + " with the sizes its manifest " + need.companion() + " gives; " + backup.describe());
  }

  private static Finding copy(BackupNeed need, RollbackBasis.Backup backup, TransportModuleCall.Context context) {
    if (backup.present()) {
      return new Finding(need, true, "present: " + backup.describe());
    }
    if (!need.sha256Before().isEmpty()) {
      CommandResult current = context.transport().run(context.hosts().get(need.node()), Command.of("f="
          + Shell.quote(need.companion()) + "; if [ -f \"$f\" ]; then sha256sum < \"$f\" | cut -c1-64; fi"));
      if (current.succeeded() && current.stdout().strip().equals(need.sha256Before())) {
        return new Finding(need, true, "not there, and not needed: " + need.companion() + " is as before run "
            + need.run() + " already");
      }
    }
    return new Finding(need, false, "MISSING: the copy of " + need.companion() + " as it was before run " + need.run()
        + ", which the rollback puts back over it");
  }
}
